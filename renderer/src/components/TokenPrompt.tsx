import { useState } from 'react';
import { connectWithToken } from '../actions/connection.js';
import { useConnectionStore } from '../stores/connection.js';

/** Shown when the page has no token, or the server refused the one it had. */
export function TokenPrompt({ baseUrl }: { baseUrl: string }) {
  const refused = useConnectionStore((s) => s.status === 'unauthorized');
  const [token, setToken] = useState('');
  return (
    <main className="gate">
      <form
        className="gate-card"
        onSubmit={(event) => {
          event.preventDefault();
          if (token.trim()) connectWithToken(baseUrl, token.trim());
        }}
      >
        <div className="brand-mark large" aria-hidden="true" />
        <h1>Connect to Grove</h1>
        <p>
          Grove at <code>{baseUrl}</code> needs its access token. <code>npm run serve</code> prints
          a link that includes it; it is also kept in the <code>token</code> file of Grove&apos;s
          data folder.
        </p>
        {refused ? (
          <p className="form-error" role="alert">
            That token was not accepted. It may have been regenerated; paste the current one.
          </p>
        ) : null}
        <label className="field">
          <span>Access token</span>
          <input
            autoFocus
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(event) => setToken(event.target.value)}
          />
        </label>
        <button type="submit" className="button primary" disabled={!token.trim()}>
          Connect
        </button>
      </form>
    </main>
  );
}
