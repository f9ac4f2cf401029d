import type { Preferences, PreferencesPatch } from '@contract';
import { defined } from './collection.js';
import { DEFAULT_SIDEBAR } from './sidebar.js';

/** A PATCH applied the way the server applies it: nested per-backend maps are merged. */
export function mergePreferences(current: Preferences, patch: PreferencesPatch): Preferences {
  const { default_models, cli_paths, sidebar, ...rest } = patch;
  return {
    ...current,
    ...defined(rest),
    default_models: { ...current.default_models, ...defined(default_models ?? {}) },
    cli_paths: { ...current.cli_paths, ...defined(cli_paths ?? {}) },
    sidebar: { ...(current.sidebar ?? DEFAULT_SIDEBAR), ...defined(sidebar ?? {}) },
  };
}
