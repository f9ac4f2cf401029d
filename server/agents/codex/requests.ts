import type { ExecutionMode, ThinkingLevel } from '../../contract/index.js';
import type { TurnRequest } from '../shared/types.js';

/**
 * Codex's sandbox is its permission system. Approvals are never asked for (`approvalPolicy`
 * "never"), so a mode is exactly its sandbox, as with `codex exec`: yolo is what
 * `--dangerously-bypass-approvals-and-sandbox` was.
 */
const SANDBOX: Record<ExecutionMode, 'read-only' | 'workspace-write' | 'danger-full-access'> = {
  plan: 'read-only',
  build: 'workspace-write',
  yolo: 'danger-full-access',
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
    | { method: 'thread/resume'; params: Record<string, unknown> };
  /** `turn/start` params without the thread id, which the thread response gives. */
  turn: Record<string, unknown>;
}

export function codexTurnRequests(request: TurnRequest): CodexTurnRequests {
  // Given on resume too: the mode may have changed since the last turn (a plan approved), and a
  // resumed thread would otherwise switch to the config's default model.
  const settings = {
    cwd: request.cwd,
    model: request.model,
    approvalPolicy: 'never',
    sandbox: SANDBOX[request.mode],
  };
  const thread = request.resumeId
    ? {
        method: 'thread/resume' as const,
        // The earlier turns are in the transcript already; do not send them back.
        params: { threadId: request.resumeId, ...settings, excludeTurns: true },
      }
    : { method: 'thread/start' as const, params: settings };
  return {
    thread,
    turn: {
      input: [{ type: 'text', text: request.prompt, text_elements: [] }],
      model: request.model,
      effort: REASONING_EFFORT[request.thinkingLevel],
    },
  };
}
