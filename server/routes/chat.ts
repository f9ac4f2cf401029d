import { chatEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const chatRoutes = ({ chat, sessions }: Services) =>
  implement(chatEndpoints, {
    listMessages: ({ params, query }) =>
      sessions.messagePage(params.sessionId, query.before, query.limit),
    sendMessage: ({ params, body }) => chat.send(params.sessionId, body.content),
    removeQueuedMessage: ({ params }) => chat.removeQueued(params.sessionId, params.messageId),
    cancelRun: ({ params }) => chat.cancel(params.sessionId),
    approvePlan: ({ params, body }) => chat.approvePlan(params.sessionId, body.execution_mode),
  });
