import type { Theme } from '../server/contract/index.js';
import type { EventHub } from '../server/events/hub.js';
import type { Services } from '../server/routes/services.js';

/** What is used of Electron's `nativeTheme`: the window frame, menus and dialogs follow it. */
export interface NativeThemeSource {
  themeSource: Theme;
}

/**
 * Keep the window's own colours (title bar, menus, native dialogs, scroll bars) on the theme the
 * user chose in Grove's settings, now and after every change from any window. Returns the
 * unsubscribe function.
 */
export function followThemePreference(deps: {
  hub: Pick<EventHub, 'subscribe'>;
  services: Pick<Services, 'preferences'>;
  nativeTheme: NativeThemeSource;
}): () => void {
  // Older data has no theme, which means the system's.
  deps.nativeTheme.themeSource = deps.services.preferences.get().theme ?? 'system';
  return deps.hub.subscribe((event) => {
    if (event.event === 'preferences-updated')
      deps.nativeTheme.themeSource = event.data.preferences.theme ?? 'system';
  });
}
