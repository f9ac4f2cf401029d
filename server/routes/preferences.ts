import { preferenceEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const preferenceRoutes = ({ preferences }: Services) =>
  implement(preferenceEndpoints, {
    getPreferences: () => preferences.get(),
    updatePreferences: ({ body }) => preferences.update(body),
  });
