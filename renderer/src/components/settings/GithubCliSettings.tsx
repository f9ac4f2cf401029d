import type { GithubCliInfo } from '@contract';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client.js';
import { usePreferencesStore } from '../../stores/preferences.js';
import { savePreference } from './SaveStatus.js';
import { TextPreference } from './DefaultsSettings.js';

/** The GitHub CLI used to open pull requests: found or not, and an explicit path if needed. */
export function GithubCliSettings() {
  const configured = usePreferencesStore((s) => s.preferences?.gh_path ?? null);
  const [info, setInfo] = useState<GithubCliInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const check = useCallback(() => {
    api.call('getGithubCli').then(setInfo, (failure: unknown) => setError(errorMessage(failure)));
  }, []);
  useEffect(check, [check]);
  return (
    <section className="settings-section" aria-labelledby="settings-gh">
      <h3 id="settings-gh">GitHub CLI (pull requests)</h3>
      {error ? <p className="muted">{error}</p> : null}
      {info ? (
        <div className="cli-head">
          {info.found ? (
            <span className="chip chip-ok">Found{info.version ? ` · ${info.version}` : ''}</span>
          ) : (
            <span className="chip chip-error">Not found</span>
          )}
          {info.path ? <span className="cli-path mono">{info.path}</span> : null}
        </div>
      ) : null}
      {info && !info.found ? <p className="cli-hint">{info.install_hint}</p> : null}
      <TextPreference
        key={configured ?? ''}
        label="Path to gh"
        value={configured ?? ''}
        placeholder="Found on PATH"
        allowEmpty
        onSave={(path) => void savePreference('Path to gh', { gh_path: path }).then(check)}
      />
    </section>
  );
}
