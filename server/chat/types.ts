import type { Backend, Message, QueuedMessage } from '../contract/index.js';
import type { McpRunServers } from '../agents/shared/mcp.js';
import type { AgentAdapter } from '../agents/shared/types.js';

/** What the chat service needs from the agents layer to run a backend's CLI. */
export interface AgentToolkit {
  adapterFor(backend: Backend): AgentAdapter;
  /** The executable to run, or null when the CLI cannot be found. */
  resolveExecutable(backend: Backend, configuredPath: string | null): Promise<string | null>;
  /** Extra environment for every agent run (on top of the server's own). */
  extraEnv: Record<string, string>;
  /** The MCP servers a session's next run of `backend` gets. */
  mcpFor(sessionId: string, backend: Backend): McpRunServers;
}

/** A message sent: run at once (`message`, `run_id`) or queued behind the current run. */
export interface SendResult {
  message: Message | null;
  queued: QueuedMessage | null;
  run_id: string | null;
}

/** Called around each turn that runs a CLI (checkpoints of the worktree); they never throw. */
export interface TurnHooks {
  beforeTurn(sessionId: string, runId: string): Promise<void>;
  afterTurn(sessionId: string, runId: string): Promise<void>;
}

export const NO_TURN_HOOKS: TurnHooks = {
  beforeTurn: () => Promise.resolve(),
  afterTurn: () => Promise.resolve(),
};
