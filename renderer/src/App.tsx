import { useEffect, useState } from 'react';
import { connect } from './actions/connection.js';
import { resolveConnection } from './api/connection.js';
import { Spinner } from './components/common/Icon.js';
import { Shell } from './components/Shell.js';
import { TokenPrompt } from './components/TokenPrompt.js';
import { useConnectionStore } from './stores/connection.js';

type Boot =
  | { kind: 'resolving' }
  | { kind: 'needs-token'; baseUrl: string }
  | { kind: 'started' }
  | { kind: 'failed'; message: string };

export function App() {
  const [boot, setBoot] = useState<Boot>({ kind: 'resolving' });
  const status = useConnectionStore((s) => s.status);
  const ready = useConnectionStore((s) => s.ready);
  const baseUrl = useConnectionStore((s) => s.baseUrl);
  const lastError = useConnectionStore((s) => s.lastError);
  const attempts = useConnectionStore((s) => s.attempts);
  const token = useConnectionStore((s) => s.token);

  useEffect(() => {
    resolveConnection().then(
      (source) => {
        if (source.kind === 'ready') {
          connect(source.connection, source.fromBridge);
          setBoot({ kind: 'started' });
        } else {
          useConnectionStore.getState().set({ baseUrl: source.baseUrl });
          setBoot({ kind: 'needs-token', baseUrl: source.baseUrl });
        }
      },
      (error: unknown) => setBoot({ kind: 'failed', message: String(error) }),
    );
  }, []);

  if (boot.kind === 'resolving') return <Splash text="Starting Grove…" />;
  if (boot.kind === 'failed') return <Splash text={`Grove could not start: ${boot.message}`} />;
  if (status === 'unauthorized' || (boot.kind === 'needs-token' && token === null)) {
    return <TokenPrompt baseUrl={baseUrl} />;
  }
  if (!ready) {
    return (
      <Splash
        text={attempts > 0 ? `Waiting for Grove at ${baseUrl}…` : 'Connecting to Grove…'}
        detail={attempts > 0 ? (lastError ?? 'Is the server running? Retrying.') : undefined}
      />
    );
  }
  return <Shell />;
}

function Splash({ text, detail }: { text: string; detail?: string | undefined }) {
  return (
    <main className="gate">
      <div className="gate-card centered" role="status">
        <div className="brand-mark large" aria-hidden="true" />
        <p>
          <Spinner /> {text}
        </p>
        {detail ? <p className="muted">{detail}</p> : null}
      </div>
    </main>
  );
}
