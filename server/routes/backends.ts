import { z } from 'zod';
import { BackendInfo } from '../contract/index.js';
import { route, type AnyRoute } from '../http/route.js';
import type { Services } from './services.js';

export function backendRoutes({ backends }: Services): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/backends',
      tag: 'Backends',
      summary: 'Each agent CLI: whether it was found, its path and version, and how to install it',
      response: z.array(BackendInfo),
      handler: () => backends.list(),
    }),
  ];
}
