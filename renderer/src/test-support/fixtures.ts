import type {
  GroveEvent,
  Message,
  Preferences,
  Project,
  Session,
  Worktree,
  WorktreeGitStatus,
} from '@contract';

/** Small factories for DOM-free tests of the stores and the message assembly. */

let counter = 0;
export function uuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

export function project(overrides: Partial<Project> = {}): Project {
  return {
    id: uuid(),
    name: 'repo',
    path: '/tmp/repo',
    created_at: 100,
    updated_at: 100,
    defaults: {
      backend: null,
      models: { claude: null, codex: null, opencode: null },
      thinking_level: null,
    },
    ...overrides,
  };
}

export function worktree(projectId: string, overrides: Partial<Worktree> = {}): Worktree {
  return {
    id: uuid(),
    project_id: projectId,
    name: 'feature',
    kind: 'worktree',
    branch: 'feature',
    base_branch: 'main',
    path: '/tmp/repo-worktrees/feature',
    created_at: 200,
    updated_at: 200,
    archived_at: null,
    ...overrides,
  };
}

export function session(worktreeId: string, overrides: Partial<Session> = {}): Session {
  return {
    id: uuid(),
    worktree_id: worktreeId,
    name: 'Session 1',
    created_at: 300,
    updated_at: 300,
    archived_at: null,
    execution_mode: 'plan',
    model: 'sonnet',
    thinking_level: 'off',
    backend: 'claude',
    message_count: 0,
    status: 'idle',
    awaiting_plan_approval: false,
    resume_ids: { claude: null, codex: null, opencode: null },
    last_usage: null,
    queue: [],
    pending_approvals: [],
    approval_rules: [],
    ...overrides,
  };
}

export function message(sessionId: string, overrides: Partial<Message> = {}): Message {
  return {
    id: uuid(),
    session_id: sessionId,
    role: 'user',
    created_at: 400,
    run_id: null,
    parts: [{ type: 'text', text: 'hello' }],
    status: 'complete',
    ...overrides,
  };
}

let seq = 1000;
/** An event as the server would send it, with the next seq. */
export function ev<K extends GroveEvent['event']>(
  event: K,
  data: Extract<GroveEvent, { event: K }>['data'],
): GroveEvent {
  seq += 1;
  return { event, data, seq } as GroveEvent;
}

/** The server's default preferences. */
export function preferences(overrides: Partial<Preferences> = {}): Preferences {
  return {
    default_backend: 'claude',
    default_models: { claude: 'sonnet', codex: 'gpt-5.5', opencode: 'anthropic/claude-sonnet-4-5' },
    default_execution_mode: 'plan',
    default_thinking_level: 'off',
    cli_paths: { claude: null, codex: null, opencode: null },
    worktrees_dir: null,
    ...overrides,
  };
}

/** A worktree's git status with `changed` modified files of one added line each. */
export function gitStatus(changed: number): WorktreeGitStatus {
  return {
    branch: 'feature',
    base_branch: 'main',
    head: 'abc',
    ahead: 0,
    behind: 0,
    upstream: null,
    unpushed: null,
    operation: null,
    conflicts: [],
    files: Array.from({ length: changed }, (_, index) => ({
      path: `f${index}`,
      old_path: null,
      status: 'modified' as const,
      staged: false,
      additions: 1,
      deletions: 0,
      binary: false,
    })),
  };
}
