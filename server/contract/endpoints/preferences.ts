import { Preferences, PreferencesPatch } from '../preferences.js';
import { defineEndpoints } from './define.js';

const tag = 'Preferences';

export const preferenceEndpoints = defineEndpoints({
  getPreferences: {
    method: 'get',
    path: '/api/preferences',
    tag,
    summary: 'Global defaults: backend, model per backend, mode, thinking level, CLI paths',
    response: Preferences,
    errors: [],
  },
  updatePreferences: {
    method: 'patch',
    path: '/api/preferences',
    tag,
    summary: 'Change global defaults (nested objects are merged)',
    body: PreferencesPatch,
    response: Preferences,
    errors: [],
  },
});
