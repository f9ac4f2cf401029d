import { tokenEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';

export const tokenRoutes = (token: { regenerate(): Promise<{ token: string }> }) =>
  implement(tokenEndpoints, { regenerateToken: () => token.regenerate() });
