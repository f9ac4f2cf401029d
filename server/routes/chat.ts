import { chatEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const chatRoutes = ({ chat, attachments }: Services) =>
  implement(chatEndpoints, {
    sendMessage: async ({ params, body }) =>
      chat.send(
        params.sessionId,
        body.content,
        await attachments.forMessage(params.sessionId, body.attachments ?? []),
      ),
    removeQueuedMessage: ({ params }) => chat.removeQueued(params.sessionId, params.messageId),
    cancelRun: ({ params }) => chat.cancel(params.sessionId),
    approvePlan: ({ params, body }) => chat.approvePlan(params.sessionId, body.execution_mode),
  });
