import { DEFAULT_SIDEBAR, type Preferences, type PreferencesPatch } from '../contract/index.js';
import { withoutUndefined, type ServiceContext } from './context.js';

export class PreferencesService {
  constructor(private readonly context: ServiceContext) {}

  get(): Preferences {
    return this.context.store.preferences;
  }

  async update(patch: PreferencesPatch): Promise<Preferences> {
    const before = JSON.stringify(this.get());
    const next = merge(this.get(), patch);
    if (JSON.stringify(next) === before) return next;
    await this.context.store.updateCatalog((catalog) => {
      catalog.preferences = next;
    });
    this.context.hub.publish('preferences-updated', { preferences: next });
    return next;
  }
}

function merge(current: Preferences, patch: PreferencesPatch): Preferences {
  return {
    ...current,
    ...withoutUndefined(patch),
    default_models: { ...current.default_models, ...withoutUndefined(patch.default_models ?? {}) },
    cli_paths: { ...current.cli_paths, ...withoutUndefined(patch.cli_paths ?? {}) },
    // Older data has no sidebar layout: it was shown, at the default width.
    sidebar: { ...(current.sidebar ?? DEFAULT_SIDEBAR), ...withoutUndefined(patch.sidebar ?? {}) },
  };
}
