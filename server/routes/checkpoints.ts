import { checkpointEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const checkpointRoutes = ({ checkpoints }: Services) =>
  implement(checkpointEndpoints, {
    listCheckpoints: async ({ params }) => ({
      turns: await checkpoints.list(params.sessionId),
    }),
    getTurnDiff: ({ params }) => checkpoints.diff(params.sessionId, params.runId),
    restoreCheckpoint: ({ params, body }) =>
      checkpoints.restore(params.sessionId, params.runId, body?.force ?? false),
  });
