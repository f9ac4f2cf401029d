import { useConnectionStore, type ConnectionStatus } from '../../stores/connection.js';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  syncing: 'Syncing…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Token refused',
};

/** The connection state, always visible in the sidebar footer. */
export function ConnectionIndicator() {
  const status = useConnectionStore((s) => s.status);
  const baseUrl = useConnectionStore((s) => s.baseUrl);
  const lastError = useConnectionStore((s) => s.lastError);
  const title =
    status === 'live'
      ? `Connected to ${baseUrl}; changes appear as they happen.`
      : `${LABELS[status]} ${baseUrl}${lastError ? ` — ${lastError}` : ''}`;
  return (
    <div
      className={`connection connection-${status}`}
      role="status"
      aria-label={`Connection: ${LABELS[status]}`}
      title={title}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{LABELS[status]}</span>
    </div>
  );
}
