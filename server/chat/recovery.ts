import type { ServiceContext } from '../services/context.js';
import type { SessionsService } from '../services/sessions.js';
import type { ChatService } from './chat-service.js';
import { persistMessageWith } from './messages.js';
import { stopOrphanedProcesses } from './process-registry.js';
import { interruptedMessage } from './run-outcome.js';
import { nextRunState } from './session-run-state.js';

/**
 * After a restart, before any request is taken: what the runs of a Grove that died left running
 * is stopped, those runs are marked interrupted (the approvals they waited on expired), and
 * queued messages go on.
 */
export async function recoverInterruptedRuns(
  context: ServiceContext,
  sessions: SessionsService,
  chat: ChatService,
): Promise<void> {
  // Best effort: leftover processes must not keep Grove from starting.
  await stopOrphanedProcesses(context.store, context.log).catch((error: unknown) =>
    context.log(`Grove: could not stop the processes of interrupted runs: ${String(error)}`),
  );
  for (const session of context.store.allSessions()) {
    if (session.status === 'running' || session.status === 'awaiting_approval') {
      chat.approvals.expire(session);
      await markInterrupted(context, sessions, session.id);
    }
  }
  chat.resumeQueues();
}

/**
 * Leave a note in the transcript and set the session idle. Each step that the disk refuses is
 * logged and skipped (the idle status is then kept in memory): a full disk must not keep Grove
 * from starting, and the next start tries again what was not saved.
 */
async function markInterrupted(
  context: ServiceContext,
  sessions: SessionsService,
  sessionId: string,
): Promise<void> {
  try {
    await persistMessageWith(context, sessions, interruptedMessage(sessionId), (current) =>
      nextRunState(current, { type: 'interrupt' }),
    );
  } catch (error) {
    context.log(
      `Grove: could not mark an interrupted run of session ${sessionId}: ${String(error)}`,
    );
    await sessions
      .setRunStatus(sessionId, 'idle')
      .catch((failure: unknown) => context.log(`Grove: ${String(failure)}`));
  }
}
