import type { Session, UsageTotal } from '@contract';
import { useMemo } from 'react';
import { describeUsageTotal, formatUsageTotal, sumUsageTotals } from '../../lib/usage-total.js';
import { useSessionsStore } from '../../stores/sessions.js';

/** What the current session and its whole worktree (archived sessions too) have used so far. */
export function UsageTotals({
  worktreeId,
  session,
}: {
  worktreeId: string;
  session: Session | null;
}) {
  const ids = useSessionsStore((s) => s.byWorktree[worktreeId]);
  const byId = useSessionsStore((s) => s.byId);
  const worktreeTotal = useMemo(
    () => sumUsageTotals((ids ?? []).flatMap((id) => byId[id] ?? [])),
    [ids, byId],
  );
  if (!worktreeTotal) return null;
  return (
    <dl className="usage-totals">
      {session?.usage_total ? (
        <Total testId="session-usage-total" label="Session" total={session.usage_total} />
      ) : null}
      <Total testId="worktree-usage-total" label="Worktree" total={worktreeTotal} />
    </dl>
  );
}

function Total({ label, total, testId }: { label: string; total: UsageTotal; testId: string }) {
  return (
    <div className="usage-total" data-testid={testId} title={describeUsageTotal(total)}>
      <dt>{label}</dt>
      <dd>{total.runs === 0 ? 'no runs yet' : formatUsageTotal(total)}</dd>
    </div>
  );
}
