import { randomUUID } from 'node:crypto';
import {
  NO_TOKENS,
  nowSeconds,
  type Attachment,
  type Message,
  type Session,
  type Usage,
} from '../contract/index.js';
import type { RunRecorder, RunRef } from './run-recorder.js';

export type RunFailure = { code: string; message: string };

/** How a run ended, as the transcript, the session and the terminal event should show it. */
export interface RunOutcome {
  message: Message;
  /** The plan waiting for approval, when a plan run ended with one. */
  plan: string | null;
  usage: Usage | null;
  /** Set when the run failed (not when it was cancelled). */
  failure: RunFailure | null;
}

export function runOutcome(
  recorder: RunRecorder,
  run: { ref: RunRef; cancelled: boolean; session: Session; durationMs: number },
): RunOutcome {
  const failure = run.cancelled ? null : recorder.error;
  const usage = recorder.usage ? { ...recorder.usage, duration_ms: run.durationMs } : null;
  // Claude may hand its plan over explicitly (ExitPlanMode or its plan file); otherwise, and for
  // Codex and OpenCode, a plan run's final answer is the plan.
  const plan =
    run.session.execution_mode === 'plan' && !run.cancelled && !failure
      ? (recorder.plan ?? recorder.finalText())
      : null;
  const message = assistantMessage(run.ref.session_id, run.ref.run_id, {
    id: run.ref.message_id,
    parts: recorder.settle(),
    status: run.cancelled ? 'cancelled' : failure ? 'error' : 'complete',
    plan,
    usage,
    error: failure,
    ...cliTurn(recorder, run.session),
  });
  return { message, plan, usage, failure };
}

export function userMessage(
  sessionId: string,
  runId: string,
  content: string,
  attachments: readonly Attachment[] = [],
): Message {
  return {
    id: randomUUID(),
    session_id: sessionId,
    role: 'user',
    created_at: nowSeconds(),
    run_id: runId,
    // A message of attachments alone has no text part.
    parts: content ? [{ type: 'text', text: content }] : [],
    status: 'complete',
    ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
  };
}

/** The note left in a session whose run was going when Grove stopped. */
export function interruptedMessage(sessionId: string): Message {
  return assistantMessage(sessionId, randomUUID(), {
    parts: [],
    status: 'interrupted',
    error: {
      code: 'interrupted',
      message: 'Grove stopped while this run was going; the run was interrupted.',
    },
  });
}

function assistantMessage(
  sessionId: string,
  runId: string,
  fields: Partial<Message> & Pick<Message, 'parts' | 'status'>,
): Message {
  return {
    id: randomUUID(),
    session_id: sessionId,
    role: 'assistant',
    created_at: nowSeconds(),
    run_id: runId,
    plan: null,
    usage: null,
    error: null,
    ...fields,
  };
}

/** Where the answer ends in the CLI's conversation, as its CLI said. */
function cliTurn(recorder: RunRecorder, session: Session): Pick<Message, 'cli_turn'> {
  if (!recorder.cliMessageId) return {};
  // A warm CLI names its conversation once, on its first turn.
  const conversation = recorder.conversationId ?? session.resume_ids[session.backend];
  if (!conversation) return {};
  const turn = { conversation_id: conversation, message_id: recorder.cliMessageId };
  return { cli_turn: { backend: session.backend, ...turn } };
}

export function emptyUsage(durationMs: number): Usage {
  return { ...NO_TOKENS, duration_ms: durationMs };
}
