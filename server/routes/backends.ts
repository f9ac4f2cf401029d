import { backendEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const backendRoutes = ({ backends }: Services) =>
  implement(backendEndpoints, { listBackends: () => backends.list() });
