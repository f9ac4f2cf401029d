import { useState } from 'react';
import { regenerateToken } from '../../actions/connection.js';
import { errorMessage } from '../../api/client.js';
import { useConnectionStore } from '../../stores/connection.js';
import { Icon } from '../common/Icon.js';

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button"
      aria-label={label}
      onClick={() =>
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        })
      }
    >
      <Icon name={copied ? 'check' : 'copy'} size={14} />
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

/** Where the API is and the token that opens it, for curl scripts and other windows. */
export function ConnectionSettings() {
  const baseUrl = useConnectionStore((s) => s.baseUrl);
  const token = useConnectionStore((s) => s.token) ?? '';
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const regenerate = () => {
    setBusy(true);
    setMessage(null);
    regenerateToken()
      .then(() =>
        setMessage({
          kind: 'ok',
          text: 'New token in use. Scripts and other windows need it now.',
        }),
      )
      .catch((error: unknown) => setMessage({ kind: 'error', text: errorMessage(error) }))
      .finally(() => {
        setBusy(false);
        setConfirming(false);
      });
  };

  return (
    <section className="settings-section" aria-labelledby="settings-connection">
      <h3 id="settings-connection">API</h3>
      <p className="muted">
        Scripts reach the same API:{' '}
        <code>curl -H &quot;Authorization: Bearer $TOKEN&quot; {baseUrl}/api/projects</code>
      </p>
      <div className="field-row">
        <label className="field grow">
          <span>API URL</span>
          <input readOnly value={baseUrl} spellCheck={false} />
        </label>
        <CopyButton text={baseUrl} label="Copy API URL" />
      </div>
      <div className="field-row">
        <label className="field grow">
          <span>Token</span>
          <input
            readOnly
            type={shown ? 'text' : 'password'}
            value={token}
            spellCheck={false}
            className="mono"
          />
        </label>
        <button
          type="button"
          className="button"
          aria-pressed={shown}
          onClick={() => setShown(!shown)}
        >
          <Icon name="eye" size={14} />
          {shown ? 'Hide' : 'Show'}
        </button>
        <CopyButton text={token} label="Copy token" />
      </div>
      {confirming ? (
        <div className="card card-warn">
          <div className="card-text">
            <strong>Replace the token?</strong>
            <p className="card-detail">
              The current token stops working at once, for scripts and other windows too.
            </p>
          </div>
          <div className="card-actions">
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
            <button type="button" className="button danger" disabled={busy} onClick={regenerate}>
              {busy ? 'Replacing…' : 'Replace token'}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          <Icon name="refresh" size={14} />
          Regenerate token…
        </button>
      )}
      {message ? (
        <p className={message.kind === 'ok' ? 'form-ok' : 'form-error'} role="status">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
