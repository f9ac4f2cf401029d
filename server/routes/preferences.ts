import { Preferences, PreferencesPatch } from '../contract/index.js';
import { route, type AnyRoute } from '../http/route.js';
import type { Services } from './services.js';

export function preferenceRoutes({ preferences }: Services): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/preferences',
      tag: 'Preferences',
      summary: 'Global defaults: backend, model per backend, mode, thinking level, CLI paths',
      response: Preferences,
      handler: () => preferences.get(),
    }),
    route({
      method: 'patch',
      path: '/api/preferences',
      tag: 'Preferences',
      summary: 'Change global defaults (nested objects are merged)',
      body: PreferencesPatch,
      response: Preferences,
      handler: ({ body }) => preferences.update(body),
    }),
  ];
}
