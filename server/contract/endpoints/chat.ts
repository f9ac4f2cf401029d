import { z } from 'zod';
import { SendMessage, SendMessageResult } from '../messages.js';
import { ApprovePlan } from '../sessions.js';
import { defineEndpoints } from './define.js';

const tag = 'Chat';

export const chatEndpoints = defineEndpoints({
  sendMessage: {
    method: 'post',
    path: '/api/sessions/:sessionId/messages',
    tag,
    summary:
      "Send a message: stores it and runs the session's agent CLI in its worktree; queued while a run is going",
    body: SendMessage,
    response: SendMessageResult,
    status: 202,
    errors: ['not-found', 'queue-full', 'attachment-too-large'],
  },
  removeQueuedMessage: {
    method: 'delete',
    path: '/api/sessions/:sessionId/queue/:messageId',
    tag,
    summary: 'Remove a queued message before it starts',
    errors: ['not-found'],
  },
  cancelRun: {
    method: 'post',
    path: '/api/sessions/:sessionId/cancel',
    tag,
    summary: 'Stop the current run; the partial answer is kept and marked cancelled',
    response: z.object({ cancelled: z.boolean() }),
    errors: ['not-found'],
  },
  approvePlan: {
    method: 'post',
    path: '/api/sessions/:sessionId/approve-plan',
    tag,
    summary:
      'Approve the plan a plan-mode run ended with: switch to build (or the mode given) and continue the conversation',
    body: ApprovePlan,
    response: SendMessageResult,
    status: 202,
    errors: ['not-found', 'not-waiting-for-approval', 'queue-full'],
  },
});
