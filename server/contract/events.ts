import type { Approval, ApprovalResolution } from './approvals.js';
import type { Backend } from './common.js';
import type { WorktreeGitStatus } from './git.js';
import type { McpServerStatus } from './mcp.js';
import type { Message, MessagePart, Usage } from './messages.js';
import type { Preferences } from './preferences.js';
import type { Project } from './projects.js';
import type { RunError } from './run-errors.js';
import type { Session } from './sessions.js';
import type { Terminal } from './terminals.js';
import type { Worktree } from './worktrees.js';

interface RunRef {
  session_id: string;
  worktree_id: string;
  run_id: string;
}

/** Every event Grove broadcasts on `/ws`, keyed by name. One union so clients switch exhaustively. */
export interface EventMap {
  'project-created': { project: Project };
  'project-updated': { project_id: string; updates: Partial<Project> };
  'project-deleted': { project_id: string };
  'worktree-created': { worktree: Worktree };
  'worktree-updated': { worktree_id: string; updates: Partial<Worktree> };
  'worktree-archived': { worktree_id: string };
  'worktree-unarchived': { worktree_id: string };
  'worktree-deleted': { worktree_id: string };
  'session-created': { session: Session };
  'session-updated': { session_id: string; updates: Partial<Session> };
  'session-archived': { session_id: string };
  'session-unarchived': { session_id: string };
  'session-deleted': { session_id: string };
  'sessions-reordered': { worktree_id: string; session_ids: string[] };
  'preferences-updated': { preferences: Preferences };
  'run-started': RunRef & { backend: Backend; message_id: string };
  'message-created': RunRef & { message: Message };
  'message-delta': RunRef & { message_id: string; kind: 'text' | 'thinking'; text: string };
  'tool-use': RunRef & { message_id: string; id: string; name: string; input: unknown };
  'tool-result': RunRef & {
    message_id: string;
    tool_use_id: string;
    output: string;
    is_error: boolean;
  };
  'run-completed': RunRef & { usage: Usage };
  'run-failed': RunRef & { error: RunError };
  'run-cancelled': RunRef;
  /** A tool call waits for the user; the session shows `awaiting_approval` meanwhile. */
  'approval-requested': { session_id: string; worktree_id: string; approval: Approval };
  /** Answered from any client, or ended by a cancel (`cancelled`) or a restart (`expired`). */
  'approval-resolved': {
    session_id: string;
    worktree_id: string;
    approval_id: string;
    decision: ApprovalResolution;
  };
  'terminal-created': { terminal: Terminal };
  'terminal-exited': { terminal_id: string; worktree_id: string; exit_code: number | null };
  'terminal-deleted': { terminal_id: string; worktree_id: string };
  'git-status-updated': { worktree_id: string; status: WorktreeGitStatus };
  /** How the session's MCP servers are doing in its CLI, as the CLI last told (secrets masked). */
  'mcp-status-updated': { session_id: string; worktree_id: string; servers: McpServerStatus[] };
}

export type EventName = keyof EventMap;

export type GroveEvent = {
  [K in EventName]: { event: K; data: EventMap[K]; seq: number };
}[EventName];

/**
 * Frames that describe the connection itself rather than a change. They carry the current
 * `seq` and do not advance it.
 */
export type ControlFrame =
  | { event: 'hello'; data: { seq: number; replayed: number }; seq: number }
  | { event: 'resync-required'; data: { reason: string }; seq: number };

export type ServerFrame = GroveEvent | ControlFrame;

/** Re-exported so clients can type a part carried by `message-created`. */
export type { MessagePart };
