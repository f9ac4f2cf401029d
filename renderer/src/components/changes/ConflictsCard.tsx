import { useState } from 'react';
import { askAgentToResolve } from '../../actions/changes.js';
import { errorMessage } from '../../api/client.js';

/** The conflicted files, and one button that asks the current session's agent to resolve them. */
export function ConflictsCard({
  conflicts,
  operation,
  sessionId,
}: {
  conflicts: readonly string[];
  operation: 'merge' | 'rebase' | null;
  sessionId: string | null;
}) {
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="conflicts-card" aria-label="Conflicts">
      <strong>
        {conflicts.length} conflicted {conflicts.length === 1 ? 'file' : 'files'}
        {operation ? ` (${operation} in progress)` : ''}
      </strong>
      <ul>
        {conflicts.map((file) => (
          <li key={file}>{file}</li>
        ))}
      </ul>
      <button
        type="button"
        className="button primary"
        disabled={!sessionId || state === 'sending'}
        title={sessionId ? undefined : 'Open a session in this worktree first'}
        onClick={() => {
          if (!sessionId) return;
          setState('sending');
          setError(null);
          askAgentToResolve(sessionId, conflicts).then(
            () => setState('sent'),
            (failure: unknown) => {
              setState('idle');
              setError(errorMessage(failure));
            },
          );
        }}
      >
        {state === 'sent' ? 'Asked the agent' : 'Ask the agent to resolve'}
      </button>
      {error ? <p className="changes-error">{error}</p> : null}
    </section>
  );
}
