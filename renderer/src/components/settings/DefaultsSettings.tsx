import type { Backend, PreferencesPatch } from '@contract';
import { useId, useState, type ReactNode } from 'react';
import {
  BACKEND_LABELS,
  BACKENDS,
  MODE_LABELS,
  MODES,
  THINKING_LABELS,
  THINKING_LEVELS,
} from '../../lib/format.js';
import { usePreferencesStore } from '../../stores/preferences.js';
import { savePreference } from './SaveStatus.js';

function save(what: string, patch: PreferencesPatch) {
  void savePreference(what, patch);
}

/** A text preference saved on Enter or when focus leaves; empty means "none" when allowed. */
export function TextPreference({
  label,
  value,
  placeholder,
  onSave,
  allowEmpty = false,
}: {
  label: string;
  value: string;
  placeholder?: string;
  onSave: (value: string | null) => void;
  allowEmpty?: boolean;
}) {
  const [draft, setDraft] = useState(value);
  const commit = () => {
    const next = draft.trim();
    if (next === value) return;
    if (next === '' && !allowEmpty) {
      setDraft(value);
      return;
    }
    onSave(next === '' ? null : next);
  };
  return (
    <label className="field">
      <span>{label}</span>
      <input
        value={draft}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          }
        }}
      />
    </label>
  );
}

/** A labelled select; the label points at it (a wrapping label would also read out its options). */
export function SelectField({
  label,
  children,
}: {
  label: string;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/** What new sessions start with, unless their project says otherwise. */
export function DefaultsSettings() {
  const preferences = usePreferencesStore((s) => s.preferences);
  if (!preferences) return null;
  return (
    <section className="settings-section" aria-labelledby="settings-defaults">
      <h3 id="settings-defaults">Defaults for new sessions</h3>
      <div className="field-grid">
        <SelectField label="Backend">
          {(id) => (
            <select
              id={id}
              value={preferences.default_backend}
              onChange={(event) =>
                save('Backend', { default_backend: event.target.value as Backend })
              }
            >
              {BACKENDS.map((backend) => (
                <option key={backend} value={backend}>
                  {BACKEND_LABELS[backend]}
                </option>
              ))}
            </select>
          )}
        </SelectField>
        <SelectField label="Mode">
          {(id) => (
            <select
              id={id}
              value={preferences.default_execution_mode}
              onChange={(event) =>
                save('Mode', {
                  default_execution_mode: event.target.value as (typeof MODES)[number],
                })
              }
            >
              {MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {MODE_LABELS[mode]}
                </option>
              ))}
            </select>
          )}
        </SelectField>
        <SelectField label="Thinking level">
          {(id) => (
            <select
              id={id}
              value={preferences.default_thinking_level}
              onChange={(event) =>
                save('Thinking level', {
                  default_thinking_level: event.target.value as (typeof THINKING_LEVELS)[number],
                })
              }
            >
              {THINKING_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {THINKING_LABELS[level]}
                </option>
              ))}
            </select>
          )}
        </SelectField>
      </div>
      <div className="field-grid field-grid-wide">
        {BACKENDS.map((backend) => (
          <TextPreference
            key={`${backend}-${preferences.default_models[backend]}`}
            label={`${BACKEND_LABELS[backend]} model`}
            value={preferences.default_models[backend]}
            onSave={(model) =>
              model &&
              save(`${BACKEND_LABELS[backend]} model`, { default_models: { [backend]: model } })
            }
          />
        ))}
      </div>
      <TextPreference
        key={preferences.worktrees_dir ?? ''}
        label="Folder for new worktrees"
        value={preferences.worktrees_dir ?? ''}
        placeholder="Beside each repository, in <repo>-worktrees"
        allowEmpty
        onSave={(dir) => save('Folder for new worktrees', { worktrees_dir: dir })}
      />
    </section>
  );
}
