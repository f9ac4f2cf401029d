import type { Theme } from '@contract';

const STORAGE_KEY = 'grove.theme';

/**
 * Pin the colours to light or dark (data-theme on <html>, read by theme.css), or let the system
 * decide. Kept in localStorage too, so the next start paints in the right theme before the
 * preferences arrive.
 */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = theme;
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Storage refused (private mode, quota): the preference still applies for this visit.
  }
}

/** The theme this window used last, for the first paint. */
export function rememberedTheme(): Theme {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

export const THEME_LABELS: Record<Theme, string> = {
  system: 'Same as the system',
  light: 'Light',
  dark: 'Dark',
};
