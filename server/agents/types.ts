import type {
  Backend,
  ExecutionMode,
  MessagePart,
  ThinkingLevel,
  Usage,
} from '../contract/index.js';

/** What one turn of a conversation needs, independent of the backend. */
export interface TurnRequest {
  prompt: string;
  /** The worktree the agent works in. */
  cwd: string;
  mode: ExecutionMode;
  model: string;
  thinkingLevel: ThinkingLevel;
  /** The backend's own conversation id from an earlier turn, to resume it. */
  resumeId: string | null;
  /** Resolved executable (absolute path or bare name found on PATH). */
  executable: string;
  /** The environment the server runs with; adapters add to it, never strip the user's keys. */
  env: NodeJS.ProcessEnv;
}

/** How to start the CLI for one turn: an argv array (never a shell string). */
export interface SpawnSpec {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed; null closes it at once. */
  stdin: string | null;
}

/** What a parser extracts from the CLI's stream, in order. */
export type AgentEvent =
  | { type: 'conversation'; id: string }
  | { type: 'delta'; kind: 'text' | 'thinking'; text: string }
  /** A finished part. Text and thinking parts already streamed as deltas are still reported here. */
  | { type: 'part'; part: MessagePart }
  | { type: 'usage'; usage: Omit<Usage, 'duration_ms'> }
  /** The run ended with a plan for the user to approve (Claude's ExitPlanMode). */
  | { type: 'plan'; text: string }
  | { type: 'error'; code: string; message: string };

export interface StreamParser {
  /** Feed one complete line of stdout (without its newline). */
  line(text: string): AgentEvent[];
  /** The process ended; report what only the exit tells (a crash, an error on stderr). */
  finish(exit: {
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }): AgentEvent[];
}

/**
 * One backend. This process-per-turn shape is what `claude -p`, `codex exec` and `opencode run`
 * need; a long-lived backend (codex app-server, opencode serve) implements the same
 * `TurnRequest -> AgentEvent` contract through a session object instead of `buildTurn`.
 */
export interface AgentAdapter {
  backend: Backend;
  /** Executable name looked up on PATH when no explicit path is configured. */
  executableName: string;
  installHint: string;
  buildTurn(request: TurnRequest): SpawnSpec;
  createParser(): StreamParser;
}
