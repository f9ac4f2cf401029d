import type {
  Attachment,
  Backend,
  ExecutionMode,
  McpServerStatus,
  MessagePart,
  ThinkingLevel,
  Usage,
} from '../../contract/index.js';
import type { McpRunServers } from './mcp.js';
import type { WarmTurn, WarmTurnContext } from './warm.js';

/** What one turn of a conversation needs, independent of the backend. */
export interface TurnRequest {
  prompt: string;
  /** Files the user attached to the prompt, where Grove keeps them (outside the worktree). */
  attachments?: readonly TurnAttachment[];
  /** The worktree the agent works in. */
  cwd: string;
  mode: ExecutionMode;
  model: string;
  thinkingLevel: ThinkingLevel;
  /** The backend's own conversation id from an earlier turn, to resume it. */
  resumeId: string | null;
  /** A fork's first turn: the conversation to fork into a new one (instead of resuming). */
  forkFrom?: string | null;
  /**
   * With `forkFrom`: where to cut the forked conversation, after that point (Claude's message
   * uuid, Codex's turn id, OpenCode's message id); none forks the whole conversation.
   */
  forkAt?: string | null;
  /** Resolved executable (absolute path or bare name found on PATH). */
  executable: string;
  /** The environment the server runs with; adapters add to it, never strip the user's keys. */
  env: NodeJS.ProcessEnv;
  /** The session's MCP servers for this run, secrets filled in (they go only into `env`). */
  mcp: McpRunServers;
  /** A private folder (0700) for files the run needs, such as Claude's MCP config. */
  runFilesDir: string;
}

export interface TurnAttachment extends Attachment {
  path: string;
}

/**
 * How to start a CLI: an argv array (never a shell string). A warm process's stdin stays open for
 * its driver; a one-shot's is closed at once.
 */
export interface SpawnSpec {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Files the CLI reads (written 0600 before it starts, removed when it ends). */
  files?: { path: string; content: string }[];
}

/**
 * What a parser of an interactive turn (a JSON-RPC conversation on stdio, or HTTP to a server
 * the CLI started) may do besides reading stdout lines.
 */
export interface TurnIO {
  /** Send one line to the CLI's stdin (a newline is added). */
  write(line: string): void;
  /** Report events that arrived other than as stdout lines (over HTTP, say). */
  emit(events: AgentEvent[]): void;
  /** Stop the CLI and whatever it started, as a cancel does. */
  terminate(): void;
  /** Keep a line the CLI sent other than on stdout (an SSE event) in the run's raw log. */
  record(line: string): void;
  /**
   * The CLI asks before running a tool. The chat layer applies the session's mode and its
   * allow-always rules, asks the user when they decide nothing, and settles with the answer.
   * A cancelled run settles with a deny; the driver then answers the CLI as it would any deny.
   */
  requestApproval(ask: ApprovalAsk): Promise<ApprovalAnswer>;
}

/** What a driver knows of a CLI's permission question, in the CLI's own terms. */
export interface ApprovalAsk {
  /** The CLI's name of the tool (`Bash`, `Write`, `commandExecution`, `bash`, `edit`…). */
  tool: string;
  /** `command` for shell commands, `edit` for file changes, `other` for anything else. */
  kind: 'command' | 'edit' | 'other';
  /** The tool's input as the CLI gave it (the command, the path and content, the patch). */
  input: unknown;
  /** One line for a person: the command line, or "Edit src/app.ts". */
  description: string;
  /** For `allow-always` on commands: the command's name (`npm`, `git`), else null. */
  commandName: string | null;
}

export type ApprovalAnswer =
  | {
      behavior: 'allow';
      /** The user chose allow-always: the CLI may remember it too. */ always: boolean;
    }
  | { behavior: 'deny'; message: string };

export interface OneShotRequest {
  executable: string;
  prompt: string;
  env: NodeJS.ProcessEnv;
}

/** What a parser extracts from the CLI's stream, in order. */
export type AgentEvent =
  | { type: 'conversation'; id: string }
  /** The CLI's own id of the turn's latest answer: where a later fork can cut the conversation. */
  | { type: 'cli-message'; id: string }
  | { type: 'delta'; kind: 'text' | 'thinking'; text: string }
  /** A finished part. Text and thinking parts already streamed as deltas are still reported here. */
  | { type: 'part'; part: MessagePart }
  | { type: 'usage'; usage: Omit<Usage, 'duration_ms'> }
  /** The run ended with a plan for the user to approve (Claude's ExitPlanMode). */
  | { type: 'plan'; text: string }
  /** Every MCP server the CLI reports for this run, each time that changes. */
  | { type: 'mcp-status'; servers: McpServerStatus[] }
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
 * One backend: what it says about its CLI, and how a turn runs. Each CLI is driven through
 * `TurnIO` for the length of the turn by a driver: Claude Code's stream-json input
 * (`claude/driver.ts`), `codex app-server` (`codex/driver.ts`), `opencode serve`
 * (`opencode/serve-driver.ts`), on a process kept warm between turns (warm.ts: Claude's per
 * conversation, Codex's per thread, OpenCode's shared server).
 */
export interface AgentAdapter {
  backend: Backend;
  /** Executable name looked up on PATH when no explicit path is configured. */
  executableName: string;
  installHint: string;
  /**
   * A one-shot call of the backend's fastest model, without tools, whose stdout is the answer
   * (session titles). Backends without such a form leave it out.
   */
  buildOneShot?(request: OneShotRequest): SpawnSpec;
  startWarmTurn(turn: WarmTurnContext): WarmTurn;
}
