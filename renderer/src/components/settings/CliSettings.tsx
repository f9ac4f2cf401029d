import type { Backend } from '@contract';
import { useEffect, useState } from 'react';
import { loadBackends } from '../../actions/preferences.js';
import { BACKEND_LABELS, BACKENDS } from '../../lib/format.js';
import { usePreferencesStore } from '../../stores/preferences.js';
import { Icon, Spinner } from '../common/Icon.js';
import { savePreference } from './SaveStatus.js';
import { TextPreference } from './DefaultsSettings.js';

/** Each agent CLI: whether the server finds it, its version, and an explicit path if needed. */
export function CliSettings() {
  const preferences = usePreferencesStore((s) => s.preferences);
  const backends = usePreferencesStore((s) => s.backends);
  const backendsError = usePreferencesStore((s) => s.backendsError);
  const [checking, setChecking] = useState(true);

  const check = () => {
    setChecking(true);
    void loadBackends().finally(() => setChecking(false));
  };
  useEffect(() => {
    void loadBackends().finally(() => setChecking(false));
  }, []);

  if (!preferences) return null;
  const savePath = (backend: Backend, path: string | null) =>
    void savePreference(`${BACKEND_LABELS[backend]} path`, { cli_paths: { [backend]: path } }).then(
      check,
    );

  return (
    <section className="settings-section" aria-labelledby="settings-clis">
      <div className="section-title-row">
        <h3 id="settings-clis">Agent CLIs</h3>
        <button type="button" className="text-button" onClick={check} disabled={checking}>
          {checking ? <Spinner /> : <Icon name="refresh" size={14} />}
          Check again
        </button>
      </div>
      {backendsError ? <p className="muted">{backendsError}</p> : null}
      <ul className="cli-list">
        {BACKENDS.map((backend) => {
          const info = backends?.find((item) => item.backend === backend);
          return (
            <li key={backend} className="cli-row">
              <div className="cli-head">
                <strong>{BACKEND_LABELS[backend]}</strong>
                {info ? (
                  info.found ? (
                    <span className="chip chip-ok">
                      Found{info.version ? ` · ${info.version}` : ''}
                    </span>
                  ) : (
                    <span className="chip chip-error">Not found</span>
                  )
                ) : null}
              </div>
              {info?.found && info.path ? <div className="cli-path mono">{info.path}</div> : null}
              {info && !info.found ? <p className="cli-hint">{info.install_hint}</p> : null}
              <TextPreference
                key={preferences.cli_paths[backend] ?? ''}
                label="Path to the executable"
                value={preferences.cli_paths[backend] ?? ''}
                placeholder="Found on PATH"
                allowEmpty
                onSave={(path) => savePath(backend, path)}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
