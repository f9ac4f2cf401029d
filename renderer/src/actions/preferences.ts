import type { PreferencesPatch } from '@contract';
import { api, ApiError, errorMessage } from '../api/client.js';
import { usePreferencesStore } from '../stores/preferences.js';

export async function updatePreferences(patch: PreferencesPatch): Promise<void> {
  const preferences = await api.updatePreferences(patch);
  usePreferencesStore.getState().setPreferences(preferences);
}

/** Ask the server which CLIs it can find. A server without the endpoint just says nothing. */
export async function loadBackends(): Promise<void> {
  try {
    usePreferencesStore.getState().setBackends(await api.listBackends());
  } catch (error) {
    const message =
      error instanceof ApiError && error.status === 404
        ? 'This Grove server does not report its CLIs yet.'
        : errorMessage(error);
    usePreferencesStore.getState().setBackends(null, message);
  }
}
