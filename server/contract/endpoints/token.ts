import { z } from 'zod';
import { defineEndpoints } from './define.js';

export const tokenEndpoints = defineEndpoints({
  regenerateToken: {
    method: 'post',
    path: '/api/token/regenerate',
    tag: 'Token',
    summary:
      'Replace the API token: the old one stops working at once and open WebSockets are closed with code 4001',
    response: z.object({ token: z.string() }),
    errors: [],
  },
});
