import { useTerminalsStore } from './terminal-store.js';

/** A dot on the worktree's row while its run script runs. */
export function RunIndicator({ worktreeId }: { worktreeId: string }) {
  const running = useTerminalsStore((s) =>
    Object.values(s.byId).some(
      (item) => item.worktree_id === worktreeId && item.kind === 'run' && item.status === 'running',
    ),
  );
  if (!running) return null;
  return (
    <span
      className="run-indicator"
      role="status"
      aria-label="Run script running"
      title="Run script running"
    />
  );
}
