import type { Theme } from '@contract';
import { THEME_LABELS } from '../../lib/theme.js';
import { useTheme } from '../../stores/preferences.js';
import { SelectField } from './DefaultsSettings.js';
import { savePreference } from './SaveStatus.js';

const THEMES = Object.keys(THEME_LABELS) as Theme[];

/** Light, dark, or whatever the system uses; applies at once, in every window. */
export function AppearanceSettings() {
  const theme = useTheme();
  return (
    <section className="settings-section" aria-labelledby="settings-appearance">
      <h3 id="settings-appearance">Appearance</h3>
      <div className="field-grid">
        <SelectField label="Theme">
          {(id) => (
            <select
              id={id}
              value={theme}
              onChange={(event) =>
                void savePreference('Theme', { theme: event.target.value as Theme })
              }
            >
              {THEMES.map((choice) => (
                <option key={choice} value={choice}>
                  {THEME_LABELS[choice]}
                </option>
              ))}
            </select>
          )}
        </SelectField>
      </div>
    </section>
  );
}
