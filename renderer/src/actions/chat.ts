import type { ApprovePlan } from '@contract';
import { api } from '../api/client.js';
import { upsertMessage } from '../lib/message-bucket.js';
import { useMessagesStore } from '../stores/messages.js';
import { useSessionsStore } from '../stores/sessions.js';
import { requestNotificationPermission } from '../sync/effects.js';

/** Send a message: it starts a run, or waits in the session's queue behind the current one. */
export async function sendMessage(sessionId: string, content: string): Promise<void> {
  requestNotificationPermission();
  const result = await api.call('sendMessage', { sessionId }, { content });
  // The queue is left to `session-updated`: patching it here could bring back an item that
  // already started by the time this answer arrives.
  const { message } = result;
  if (message)
    useMessagesStore.getState().update(sessionId, (bucket) => upsertMessage(bucket, message));
}

export async function removeQueued(sessionId: string, messageId: string): Promise<void> {
  await api.call('removeQueuedMessage', { sessionId, messageId });
  const session = useSessionsStore.getState().byId[sessionId];
  if (session) {
    useSessionsStore
      .getState()
      .patch(sessionId, { queue: session.queue.filter((item) => item.id !== messageId) });
  }
}

export async function cancelRun(sessionId: string): Promise<void> {
  await api.call('cancelRun', { sessionId });
}

/** The card goes at once; it comes back if the server refuses. */
export async function approvePlan(
  sessionId: string,
  mode: ApprovePlan['execution_mode'],
): Promise<void> {
  useSessionsStore.getState().patch(sessionId, { awaiting_plan_approval: false });
  try {
    await api.call('approvePlan', { sessionId }, mode ? { execution_mode: mode } : {});
  } catch (error) {
    useSessionsStore.getState().patch(sessionId, { awaiting_plan_approval: true });
    throw error;
  }
}
