import { useMemo } from 'react';
import { isBusy } from '../../lib/session-status.js';
import { lineTotals, useChangesStore } from '../../stores/changes.js';
import { useSessionsStore } from '../../stores/sessions.js';
import { useWorktreesStore } from '../../stores/worktrees.js';

export interface WorktreeActivity {
  running: number;
  awaiting: number;
  /** Sessions whose agent waits for a tool call to be approved. */
  asking: number;
  failed: number;
}

/** What the worktree's (open) sessions are doing, for the sidebar badges. */
export function useWorktreeActivity(worktreeId: string): WorktreeActivity {
  const ids = useSessionsStore((s) => s.byWorktree[worktreeId]);
  const byId = useSessionsStore((s) => s.byId);
  return useMemo(() => {
    const activity = { running: 0, awaiting: 0, asking: 0, failed: 0 };
    for (const id of ids ?? []) {
      const session = byId[id];
      if (!session || session.archived_at !== null) continue;
      if (isBusy(session)) activity.running += 1;
      if (session.awaiting_plan_approval) activity.awaiting += 1;
      if (session.pending_approvals.length > 0) activity.asking += 1;
      if (session.status === 'error') activity.failed += 1;
    }
    return activity;
  }, [ids, byId]);
}

/** Small status marks: running, approval or plan waiting, error, uncommitted changes, ahead/behind. */
export function WorktreeBadges({ worktreeId }: { worktreeId: string }) {
  const activity = useWorktreeActivity(worktreeId);
  const status = useWorktreesStore((s) => s.status[worktreeId]);
  const full = useChangesStore((s) => s.status[worktreeId]);
  const lines = lineTotals(full);
  return (
    <span className="badges">
      {activity.running > 0 ? (
        <span className="badge badge-running" title="An agent is running" aria-label="Running">
          <span className="pulse" aria-hidden="true" />
        </span>
      ) : null}
      {activity.asking > 0 ? (
        <span
          className="badge badge-approval"
          title="An agent waits for your approval"
          aria-label="Waiting for approval"
        >
          ask
        </span>
      ) : null}
      {activity.awaiting > 0 ? (
        <span
          className="badge badge-plan"
          title="A plan is waiting for approval"
          aria-label="Plan waiting for approval"
        >
          plan
        </span>
      ) : null}
      {activity.failed > 0 ? (
        <span className="badge badge-error" title="The last run failed" aria-label="Error">
          !
        </span>
      ) : null}
      {status?.dirty ? (
        <span
          className="badge badge-dirty"
          title={`Uncommitted changes: ${lines.added} lines added, ${lines.removed} removed`}
          aria-label="Uncommitted changes"
        >
          {full ? (
            <>
              <span className="added">+{lines.added}</span>
              <span className="removed">−{lines.removed}</span>
            </>
          ) : (
            '●'
          )}
        </span>
      ) : null}
      {status && (status.ahead > 0 || status.behind > 0) ? (
        <span
          className="badge badge-sync"
          title={`${status.ahead} commit(s) ahead of, ${status.behind} behind the base branch`}
          aria-label={`${status.ahead} ahead, ${status.behind} behind`}
        >
          {status.ahead > 0 ? `↑${status.ahead}` : ''}
          {status.behind > 0 ? `↓${status.behind}` : ''}
        </span>
      ) : null}
    </span>
  );
}
