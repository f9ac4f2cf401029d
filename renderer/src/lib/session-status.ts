import type { Session } from '@contract';

/** A run is going or about to start: the session shows progress and offers Cancel. */
export function isBusy(session: Pick<Session, 'status'>): boolean {
  return (
    session.status === 'running' ||
    session.status === 'awaiting_approval' ||
    session.status === 'queued'
  );
}
