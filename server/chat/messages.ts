import type { Message } from '../contract/index.js';
import type { ServiceContext } from '../services/context.js';
import type { SessionsService } from '../services/sessions.js';

/** Append a message to its session's transcript, then tell the clients (once it is durable). */
export async function persistMessage(
  context: ServiceContext,
  sessions: SessionsService,
  message: Message,
): Promise<void> {
  const session = sessions.get(message.session_id);
  await context.store.appendMessage(message);
  context.hub.publish('message-created', {
    session_id: session.id,
    worktree_id: session.worktree_id,
    run_id: message.run_id ?? '',
    message,
  });
}
