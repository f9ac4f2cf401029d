// A sequence of store writes over a CrashFiles layer, keeping every state each kind of data was
// ever written in and which of them were acknowledged, so a crash image can be judged.
import { randomUUID } from 'node:crypto';
import type { Message, Project, Session, Worktree } from '../contract/index.js';
import type { Catalog, Store } from '../store/store.js';
import type { CrashFiles } from './crash-files.js';

/** JSON with sorted keys: the same data in any key order gives the same text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

/**
 * The states one piece of data went through, in order, and the acknowledgement after which each
 * was promised: a crash after acknowledgement N may leave only a state from the newest one
 * promised by N onwards (a later one was written, just not acknowledged yet).
 */
export class StateHistory {
  readonly states: string[];
  private readonly promised: { acknowledgement: number; index: number }[] = [];

  constructor(initial: string) {
    this.states = [initial];
  }

  attempt(state: string): number {
    this.states.push(state);
    return this.states.length - 1;
  }

  promise(index: number, acknowledgement: number): void {
    this.promised.push({ acknowledgement, index });
  }

  /** The states a crash after `acknowledged` acknowledgements may show. */
  allowedAfter(acknowledged: number): string[] {
    const floor = Math.max(
      0,
      ...this.promised.filter((p) => p.acknowledgement <= acknowledged).map((p) => p.index),
    );
    return this.states.slice(floor);
  }

  /** Acknowledged states written before the newest acknowledged one. */
  promisedCount(acknowledged: number): number {
    return this.promised.filter((p) => p.acknowledgement <= acknowledged).length;
  }
}

const NOW = 1_767_225_600;
const projectId = randomUUID();
const worktreeId = randomUUID();
const sessionId = randomUUID();
export const ids = { projectId, worktreeId, sessionId };

export function project(name: string): Project {
  return {
    id: projectId,
    name,
    path: '/nowhere/repo',
    created_at: NOW,
    updated_at: NOW,
    defaults: {
      backend: null,
      models: { claude: null, codex: null, opencode: null },
      thinking_level: null,
    },
  };
}

export function worktree(): Worktree {
  return {
    id: worktreeId,
    project_id: projectId,
    name: 'feature',
    kind: 'worktree',
    branch: 'feature',
    base_branch: 'main',
    path: '/nowhere/repo-worktrees/feature',
    created_at: NOW,
    updated_at: NOW,
    archived_at: null,
  };
}

export function session(name: string): Session {
  return {
    id: sessionId,
    worktree_id: worktreeId,
    name,
    created_at: NOW,
    updated_at: NOW,
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
  };
}

export function message(text: string): Message {
  return {
    id: randomUUID(),
    session_id: sessionId,
    role: 'user',
    created_at: NOW,
    run_id: null,
    parts: [{ type: 'text', text }],
    status: 'complete',
  };
}

export function catalogState(store: Pick<Store, 'projects' | 'worktrees' | 'preferences'>) {
  return canonical({
    projects: store.projects,
    worktrees: store.worktrees,
    preferences: store.preferences,
  });
}

export interface Histories {
  catalog: StateHistory;
  sessions: StateHistory;
  transcript: StateHistory;
}

/**
 * Catalog writes, a new shard and its updates, transcript appends (the first creates the file),
 * writes in flight together, an append whose fsync fails after its data reached the disk, and a
 * retracted message. Every acknowledged result is told to `files`.
 */
export async function runScenario(store: Store, files: CrashFiles): Promise<Histories> {
  const catalog = new StateHistory(catalogState(store));
  const sessions = new StateHistory(canonical([]));
  const transcript = new StateHistory(canonical([]));
  const lines: string[] = [];

  const changeCatalog = async (change: (data: Catalog) => void) => {
    let index = 0;
    await store.updateCatalog((data) => {
      change(data);
      index = catalog.attempt(catalogState(store));
    });
    return index;
  };
  const changeSessions = async (change: (list: Session[]) => void) => {
    let index = 0;
    await store.updateSessions(worktreeId, (list) => {
      change(list);
      index = sessions.attempt(canonical(list));
    });
    return index;
  };
  const append = async (text: string) => {
    const line = message(text);
    lines.push(line.id);
    const index = transcript.attempt(canonical(lines));
    try {
      await store.appendMessage(line);
    } catch (error) {
      lines.pop();
      throw error;
    }
    return { index, line };
  };
  /** The transcript as it must be once a failed or retracted append is reported. */
  const settledTranscript = () => transcript.attempt(canonical(lines));

  // First, before any catalog write has synced the data folder for other reasons.
  transcript.promise((await append('hello')).index, files.acknowledge());
  catalog.promise(
    await changeCatalog((data) => data.projects.push(project('one'))),
    files.acknowledge(),
  );
  catalog.promise(
    await changeCatalog((data) => data.worktrees.push(worktree())),
    files.acknowledge(),
  );
  sessions.promise(
    await changeSessions((list) => list.push(session('first'))),
    files.acknowledge(),
  );
  transcript.promise((await append('world '.repeat(40))).index, files.acknowledge());

  const together = await Promise.all([
    changeCatalog((data) => {
      data.projects[0] = project('renamed');
    }),
    changeSessions((list) => {
      list[0] = session('renamed');
    }),
    append('while the others write'),
  ]);
  const acknowledged = files.acknowledge();
  catalog.promise(together[0], acknowledged);
  sessions.promise(together[1], acknowledged);
  transcript.promise(together[2].index, acknowledged);

  catalog.promise(
    await changeCatalog((data) => {
      data.preferences.worktrees_dir = '/elsewhere';
    }),
    files.acknowledge(),
  );

  files.breakNext('datasync', true);
  await append('never saved').then(
    () => Promise.reject(new Error('the append with a failing fsync was reported saved')),
    () => undefined,
  );
  transcript.promise(settledTranscript(), files.acknowledge());

  const { line } = await append('taken back');
  transcript.promise(transcript.states.length - 1, files.acknowledge());
  await store.retractMessage(line);
  lines.pop();
  transcript.promise(settledTranscript(), files.acknowledge());

  sessions.promise(
    await changeSessions((list) => list.push({ ...session('second'), id: randomUUID() })),
    files.acknowledge(),
  );
  return { catalog, sessions, transcript };
}
