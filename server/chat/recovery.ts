import type { ServiceContext } from '../services/context.js';
import type { SessionsService } from '../services/sessions.js';
import type { ChatService } from './chat-service.js';
import { persistMessage } from './messages.js';
import { stopOrphanedProcesses } from './process-registry.js';
import { interruptedMessage } from './run-outcome.js';

/**
 * After a restart, before any request is taken: what the runs of a Grove that died left running
 * is stopped, those runs are marked interrupted, and queued messages go on.
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
    if (session.status !== 'running') continue;
    await persistMessage(context, sessions, interruptedMessage(session.id));
    await sessions.apply(session.id, (current) => ({
      ...current,
      status: 'idle',
      message_count: current.message_count + 1,
    }));
  }
  chat.resumeQueues();
}
