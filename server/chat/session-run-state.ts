import {
  LIMITS,
  type Backend,
  type ExecutionMode,
  type QueuedMessage,
  type Session,
  type SessionStatus,
  type Usage,
} from '../contract/index.js';
import { GroveError, notFound } from '../errors.js';
import { addToUsageTotal } from './usage-total.js';

/** What a run that ended leaves in its session, whichever way it ended. */
export interface RunResult {
  backend: Backend;
  /** Token usage the CLI reported; the session keeps its last one when there is none. */
  usage: Usage | null;
  /** The backend's conversation id, so the next message resumes it. */
  conversationId: string | null;
}

/**
 * Everything that changes a session's run state (`status`, `queue`, `awaiting_plan_approval`,
 * and what a run leaves behind). `busy` and `running` are the chat service's word on whether a
 * run of this session is going, which only it knows (the saved status may be a step behind).
 * Tool approvals (`pending_approvals`, `awaiting_approval`) are the approval broker's; a run's
 * end clears them.
 */
export type RunEvent =
  /** A message sent while the session cannot start it at once waits in the queue. */
  | { type: 'enqueue'; message: QueuedMessage; busy: boolean }
  | { type: 'remove-queued'; messageId: string }
  /** A run starts with its user message, taken off the queue when it came from there. */
  | { type: 'start'; queuedId: string | null; startedAtMs: number }
  /** The run completed; a plan run leaves its plan waiting for approval. */
  | { type: 'finish'; result: RunResult; plan: string | null }
  | { type: 'fail'; result: RunResult }
  | { type: 'cancel'; result: RunResult }
  /** The user approved the plan; the session leaves plan mode. */
  | { type: 'approve-plan'; mode: Exclude<ExecutionMode, 'plan'> | undefined; running: boolean }
  /** Grove stopped while a run was going; found after a restart. */
  | { type: 'interrupt' };

/**
 * The session after `event`, as a pure function of the two: the store may apply it more than
 * once, to the session it holds at that moment. Throws a GroveError for an event the session's
 * state does not allow, so nothing is written.
 */
export function nextRunState(session: Session, event: RunEvent): Session {
  switch (event.type) {
    case 'enqueue':
      if (session.queue.length >= LIMITS.queuedMessages) {
        throw new GroveError(
          'queue-full',
          `A session holds at most ${LIMITS.queuedMessages} queued messages: wait for the run to take one, or remove one.`,
        );
      }
      return {
        ...session,
        queue: [...session.queue, event.message],
        status: event.busy ? session.status : 'queued',
      };
    case 'remove-queued':
      if (!session.queue.some((item) => item.id === event.messageId))
        throw notFound('queued message', event.messageId);
      return { ...session, queue: session.queue.filter((item) => item.id !== event.messageId) };
    case 'start':
      return {
        ...session,
        status: 'running',
        run_started_at_ms: event.startedAtMs,
        awaiting_plan_approval: false,
        message_count: session.message_count + 1,
        queue: session.queue.filter((item) => item.id !== event.queuedId),
      };
    case 'finish':
      return ended(session, event.result, statusAfterRun(session), event.plan !== null);
    case 'fail':
      return ended(session, event.result, 'error', false);
    case 'cancel':
      return ended(session, event.result, statusAfterRun(session), false);
    case 'approve-plan':
      if (!session.awaiting_plan_approval || event.running) {
        throw new GroveError(
          'not-waiting-for-approval',
          'This session has no plan waiting for approval.',
        );
      }
      return { ...session, execution_mode: event.mode ?? 'build', awaiting_plan_approval: false };
    case 'interrupt':
      // Approvals it left can never be answered: recovery announced them expired.
      return {
        ...session,
        status: 'idle',
        run_started_at_ms: null,
        message_count: session.message_count + 1,
        pending_approvals: [],
      };
  }
}

/**
 * The status a session shows when the end of its run could not be saved: never one that claims
 * the run still goes. The sessions service keeps it in memory until a write succeeds.
 */
export const UNSAVED_END_STATUS: SessionStatus = 'error';

/** A run over: its answer counted, its usage and conversation id kept. */
function ended(
  session: Session,
  result: RunResult,
  status: SessionStatus,
  awaitingPlanApproval: boolean,
): Session {
  return {
    ...session,
    status,
    run_started_at_ms: null,
    awaiting_plan_approval: awaitingPlanApproval,
    // Nothing can answer them once the run is over.
    pending_approvals: [],
    message_count: session.message_count + 1,
    last_usage: result.usage ?? session.last_usage,
    // Sessions from before totals were kept get theirs from the backfill, which reads the transcript.
    usage_total:
      result.usage && session.usage_total
        ? addToUsageTotal(session.usage_total, result.usage)
        : session.usage_total,
    resume_ids: result.conversationId
      ? { ...session.resume_ids, [result.backend]: result.conversationId }
      : session.resume_ids,
    // A fork that has its own conversation now resumes it like any session.
    ...(result.conversationId && session.pending_fork ? { pending_fork: null } : {}),
  };
}

/** After a run that did not fail: what is queued goes next, else the session rests. */
function statusAfterRun(session: Session): SessionStatus {
  return session.queue.length > 0 ? 'queued' : 'idle';
}
