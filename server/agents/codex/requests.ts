import type { ExecutionMode, ThinkingLevel } from '../../contract/index.js';
import { codexTurnInput } from './attachments.js';
import { codexMcpSetup, readUserCodexServerNames } from './mcp-config.js';
import type { TurnRequest } from '../shared/types.js';
import type { AskForApproval } from './protocol/AskForApproval.js';
import type { SandboxMode } from './protocol/SandboxMode.js';

/**
 * A mode is a sandbox and an approval policy (checked with 0.171.0 against the model stub):
 * - plan: a read-only sandbox, and Codex asks before anything that would leave it (a patch, an
 *   escalated command), which Grove denies; a command that writes fails in the sandbox unasked.
 * - build: writes inside the worktree, and `untrusted` asks before every command and patch;
 *   Grove allows the patches at once and puts the commands to the user.
 * - yolo: no sandbox and no questions, as `--dangerously-bypass-approvals-and-sandbox`.
 */
const MODE_SETTINGS: Record<
  ExecutionMode,
  { approvalPolicy: AskForApproval; sandbox: SandboxMode }
> = {
  plan: { approvalPolicy: 'on-request', sandbox: 'read-only' },
  build: { approvalPolicy: 'untrusted', sandbox: 'workspace-write' },
  yolo: { approvalPolicy: 'never', sandbox: 'danger-full-access' },
};

/**
 * `effort`. Codex 0.171.0 passes the value straight to the API, and every model in its catalog
 * (gpt-5.5 … gpt-6.x) offers only low / medium / high / xhigh, so reasoning cannot be switched
 * off: `off` asks for the least.
 */
const REASONING_EFFORT: Record<ThinkingLevel, string> = {
  off: 'low',
  think: 'medium',
  megathink: 'high',
  ultrathink: 'xhigh',
};

/** The JSON-RPC requests that open the thread and start the turn, for the parser to send. */
export interface CodexTurnRequests {
  thread:
    | { method: 'thread/start'; params: Record<string, unknown> }
    | { method: 'thread/resume'; params: Record<string, unknown> }
    | { method: 'thread/fork'; params: Record<string, unknown> };
  /** `turn/start` params without the thread id, which the thread response gives. */
  turn: Record<string, unknown>;
}

export function codexTurnRequests(request: TurnRequest): CodexTurnRequests {
  // Given on resume too: the mode may have changed since the last turn (a plan approved), and a
  // resumed thread would otherwise switch to the config's default model.
  const { config } = codexMcpSetup(request.mcp, readUserCodexServerNames(request.env));
  const settings = {
    cwd: request.cwd,
    model: request.model,
    ...MODE_SETTINGS[request.mode],
    // The session's MCP servers for this thread only; config.toml is never written. Codex
    // writes a `[projects."<cwd>"]` trust entry into config.toml on thread/start unless the
    // thread's config already trusts the worktree (checked with 0.171.0), so it does.
    config: { ...config, projects: { [request.cwd]: { trust_level: 'trusted' } } },
  };
  const thread = request.resumeId
    ? {
        method: 'thread/resume' as const,
        // The earlier turns are in the transcript already; do not send them back.
        params: { threadId: request.resumeId, ...settings, excludeTurns: true },
      }
    : request.forkFrom
      ? {
          method: 'thread/fork' as const,
          // Cut after the turn the fork was taken at, when it was not the last.
          params: { threadId: request.forkFrom, lastTurnId: request.forkAt ?? null, ...settings },
        }
      : { method: 'thread/start' as const, params: settings };
  return {
    thread,
    turn: {
      input: codexTurnInput(request),
      model: request.model,
      effort: REASONING_EFFORT[request.thinkingLevel],
    },
  };
}
