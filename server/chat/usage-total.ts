import { NO_USAGE_TOTAL, type Message, type Usage, type UsageTotal } from '../contract/index.js';
import type { Store } from '../store/store.js';

/** `total` with one more run's usage added. */
export function addToUsageTotal(total: UsageTotal, usage: Usage): UsageTotal {
  const tokens =
    usage.input_tokens +
    usage.output_tokens +
    usage.cache_read_tokens +
    usage.cache_write_tokens +
    usage.reasoning_tokens;
  return {
    input_tokens: total.input_tokens + usage.input_tokens,
    output_tokens: total.output_tokens + usage.output_tokens,
    cache_read_tokens: total.cache_read_tokens + usage.cache_read_tokens,
    cache_write_tokens: total.cache_write_tokens + usage.cache_write_tokens,
    reasoning_tokens: total.reasoning_tokens + usage.reasoning_tokens,
    cost_usd: total.cost_usd + (usage.cost_usd ?? 0),
    runs: total.runs + 1,
    runs_without_cost: total.runs_without_cost + (usage.cost_usd === null && tokens > 0 ? 1 : 0),
  };
}

/** Every run's usage in a transcript added up (a run's usage is kept on its answer). */
export function usageTotalOf(messages: readonly Message[]): UsageTotal {
  return messages.reduce(
    (total, message) => (message.usage ? addToUsageTotal(total, message.usage) : total),
    NO_USAGE_TOTAL,
  );
}

/**
 * Sessions saved before Grove kept totals get theirs from their transcripts, once, before any
 * request is taken (so no run can end in between). Written without touching `updated_at`: being
 * counted is not a change the user made. A transcript that cannot be read leaves its session
 * uncounted until the next start.
 */
export async function backfillUsageTotals(
  store: Store,
  log: (message: string) => void,
): Promise<void> {
  for (const worktree of store.worktrees) {
    const totals = new Map<string, UsageTotal>();
    for (const session of store.sessionsOf(worktree.id)) {
      if (session.usage_total) continue;
      try {
        totals.set(session.id, usageTotalOf(await store.readMessages(session.id)));
      } catch (error) {
        log(`Grove: could not add up the usage of session ${session.id}: ${String(error)}`);
      }
    }
    if (totals.size === 0) continue;
    await store.updateSessions(worktree.id, (sessions) => {
      sessions.forEach((session, index) => {
        const total = totals.get(session.id);
        if (total && !session.usage_total) sessions[index] = { ...session, usage_total: total };
      });
    });
  }
}
