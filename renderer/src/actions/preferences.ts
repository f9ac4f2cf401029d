import type { PreferencesPatch, SidebarLayout } from '@contract';
import { mergePreferences } from '../lib/preferences.js';
import { DEFAULT_SIDEBAR } from '../lib/sidebar.js';
import { api, ApiError, errorMessage } from '../api/client.js';
import { usePreferencesStore } from '../stores/preferences.js';

/**
 * Change global defaults: shown at once, confirmed by `preferences-updated`. The API's answer is
 * not applied (it can be older than an event that arrived first); a refusal reloads them.
 */
export async function updatePreferences(patch: PreferencesPatch): Promise<void> {
  const current = usePreferencesStore.getState().preferences;
  if (current) usePreferencesStore.getState().setPreferences(mergePreferences(current, patch));
  try {
    await api.call('updatePreferences', patch);
  } catch (error) {
    await api.call('getPreferences').then(
      (fresh) => usePreferencesStore.getState().setPreferences(fresh),
      () => undefined,
    );
    throw error;
  }
}

/** Ask the server which CLIs it can find. A server without the endpoint just says nothing. */
export async function loadBackends(): Promise<void> {
  try {
    usePreferencesStore.getState().setBackends(await api.call('listBackends'));
  } catch (error) {
    const message =
      error instanceof ApiError && error.status === 404
        ? 'This Grove server does not report its CLIs yet.'
        : errorMessage(error);
    usePreferencesStore.getState().setBackends(null, message);
  }
}

/** Resize, hide or show the sidebar; kept with the preferences, so every window and restart follows. */
export function updateSidebar(change: Partial<SidebarLayout>): Promise<void> {
  return updatePreferences({ sidebar: change });
}

export function toggleSidebar(): Promise<void> {
  const current = usePreferencesStore.getState().preferences?.sidebar ?? DEFAULT_SIDEBAR;
  return updateSidebar({ collapsed: !current.collapsed });
}
