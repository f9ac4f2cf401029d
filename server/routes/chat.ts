import { z } from 'zod';
import { ApprovePlan, SendMessage, SendMessageResult } from '../contract/index.js';
import { route, type AnyRoute } from '../http/route.js';
import type { Services } from './services.js';

const tag = 'Chat';

export function chatRoutes({ chat }: Services): AnyRoute[] {
  return [
    route({
      method: 'post',
      path: '/api/sessions/:sessionId/messages',
      tag,
      summary:
        "Send a message: stores it and runs the session's agent CLI in its worktree; queued while a run is going",
      body: SendMessage,
      response: SendMessageResult,
      status: 202,
      errors: ['not-found'],
      handler: ({ params, body }) => chat.send(params.sessionId ?? '', body.content),
    }),
    route({
      method: 'delete',
      path: '/api/sessions/:sessionId/queue/:messageId',
      tag,
      summary: 'Remove a queued message before it starts',
      status: 204,
      errors: ['not-found'],
      handler: ({ params }) => chat.removeQueued(params.sessionId ?? '', params.messageId ?? ''),
    }),
    route({
      method: 'post',
      path: '/api/sessions/:sessionId/cancel',
      tag,
      summary: 'Stop the current run; the partial answer is kept and marked cancelled',
      response: z.object({ cancelled: z.boolean() }),
      errors: ['not-found'],
      handler: ({ params }) => chat.cancel(params.sessionId ?? ''),
    }),
    route({
      method: 'post',
      path: '/api/sessions/:sessionId/approve-plan',
      tag,
      summary:
        'Approve the plan a plan-mode run ended with: switch to build (or the mode given) and continue the conversation',
      body: ApprovePlan,
      response: SendMessageResult,
      status: 202,
      errors: ['not-found', 'not-waiting-for-approval'],
      handler: ({ params, body }) => chat.approvePlan(params.sessionId ?? '', body.execution_mode),
    }),
  ];
}
