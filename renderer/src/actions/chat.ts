import type { ApprovePlan } from '@contract';
import { api } from '../api/client.js';
import { upsertMessage } from '../lib/message-bucket.js';
import { useMessagesStore } from '../stores/messages.js';
import { useSessionsStore } from '../stores/sessions.js';
import { useUiStore } from '../stores/ui.js';
import { requestNotificationPermission } from '../sync/effects.js';
import { optimistic } from './optimistic.js';

/** The composer's sends, chained so the server gets them in the order they were written. */
let sendQueue: Promise<void> = Promise.resolve();

/**
 * Send what the composer holds after the messages sent before it, even when typed faster than
 * the server answers. The box clears at once for the next message; a message the server refuses
 * comes back into the box if it is still empty, and the returned promise rejects.
 */
export function sendInOrder(
  sessionId: string,
  content: string,
  attachments: string[] = [],
): Promise<void> {
  useUiStore.getState().setDraft(sessionId, '');
  const sent = sendQueue
    .then(() => sendMessage(sessionId, content, attachments))
    .catch((failure: unknown) => {
      const ui = useUiStore.getState();
      if (!(ui.drafts[sessionId] ?? '').trim()) ui.setDraft(sessionId, content);
      throw failure;
    });
  sendQueue = sent.catch(() => undefined);
  return sent;
}

/** Send a message: it starts a run, or waits in the session's queue behind the current one. */
export async function sendMessage(
  sessionId: string,
  content: string,
  attachments: string[] = [],
): Promise<void> {
  requestNotificationPermission();
  const body = attachments.length > 0 ? { content, attachments } : { content };
  const result = await api.call('sendMessage', { sessionId }, body);
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
  const shown = (awaiting: boolean) =>
    useSessionsStore.getState().patch(sessionId, { awaiting_plan_approval: awaiting });
  await optimistic({
    show() {
      shown(false);
      return () => shown(true);
    },
    save: () => api.call('approvePlan', { sessionId }, mode ? { execution_mode: mode } : {}),
  });
}
