import type { Message, Session } from '../contract/index.js';
import type { ServiceContext } from '../services/context.js';
import type { SessionsService } from '../services/sessions.js';

/** Append a message to its session's transcript, then tell the clients (once it is durable). */
export async function persistMessage(
  context: ServiceContext,
  sessions: SessionsService,
  message: Message,
): Promise<void> {
  await context.store.appendMessage(message);
  publishMessage(context, sessions, message);
}

/**
 * Save a message together with the session change it brings (status, count, queue): the
 * transcript line first, then the session. When the session cannot be saved the line is taken
 * back out, so the caller's storage error means what it says (nothing was saved), and no client
 * was ever shown the message.
 */
export async function persistMessageWith(
  context: ServiceContext,
  sessions: SessionsService,
  message: Message,
  change: (session: Session) => Session,
): Promise<void> {
  await context.store.appendMessage(message);
  try {
    await sessions.apply(message.session_id, change);
  } catch (error) {
    await context.store.retractMessage(message).catch((failure: unknown) => {
      context.log(`Grove: could not take back an unsaved message: ${String(failure)}`);
    });
    throw error;
  }
  publishMessage(context, sessions, message);
}

function publishMessage(context: ServiceContext, sessions: SessionsService, message: Message) {
  const session = sessions.get(message.session_id);
  context.hub.publish('message-created', {
    session_id: session.id,
    worktree_id: session.worktree_id,
    run_id: message.run_id ?? '',
    message,
  });
}
