import { z } from 'zod';
import { route, type AnyRoute } from '../http/route.js';

export function tokenRoutes(token: { regenerate(): Promise<{ token: string }> }): AnyRoute[] {
  return [
    route({
      method: 'post',
      path: '/api/token/regenerate',
      tag: 'Token',
      summary:
        'Replace the API token: the old one stops working at once and open WebSockets are closed',
      response: z.object({ token: z.string() }),
      handler: () => token.regenerate(),
    }),
  ];
}
