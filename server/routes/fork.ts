import { forkEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const forkRoutes = ({ fork }: Services) =>
  implement(forkEndpoints, {
    forkSession: ({ params, body }) => fork.fork(params.sessionId, body.message_id),
  });
