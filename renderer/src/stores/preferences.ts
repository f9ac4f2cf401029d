import type { BackendInfo, GroveEvent, Preferences, SidebarLayout, Theme } from '@contract';
import { create } from 'zustand';
import { DEFAULT_SIDEBAR } from '../lib/sidebar.js';

interface PreferencesState {
  preferences: Preferences | null;
  /** What `GET /api/backends` found; null until asked, or when the server cannot tell. */
  backends: BackendInfo[] | null;
  backendsError: string | null;
  setPreferences(preferences: Preferences): void;
  setBackends(backends: BackendInfo[] | null, error?: string | null): void;
}

export const usePreferencesStore = create<PreferencesState>()((set) => ({
  preferences: null,
  backends: null,
  backendsError: null,
  setPreferences: (preferences) => set({ preferences }),
  setBackends: (backends, error = null) => set({ backends, backendsError: error }),
}));

/** The colours the user chose; older servers say nothing, which means the system's. */
export function useTheme(): Theme {
  return usePreferencesStore((s) => s.preferences?.theme ?? 'system');
}

/** The sidebar as the user left it; older servers say nothing, which means shown at the default width. */
export function useSidebarLayout(): SidebarLayout {
  return usePreferencesStore((s) => s.preferences?.sidebar ?? DEFAULT_SIDEBAR);
}

export function applyPreferencesEvent(event: GroveEvent): void {
  if (event.event === 'preferences-updated') {
    usePreferencesStore.getState().setPreferences(event.data.preferences);
  }
}
