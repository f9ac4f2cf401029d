import type { Session, UsageTotal } from '@contract';
import { formatCost, formatTokenCounts } from './format.js';

/**
 * The sessions' totals added up, archived sessions included (their runs were paid for too).
 * Null when none of them has a total (a server from before totals were kept).
 */
export function sumUsageTotals(sessions: readonly Session[]): UsageTotal | null {
  let sum: UsageTotal | null = null;
  for (const { usage_total: total } of sessions) {
    if (!total) continue;
    sum = sum
      ? {
          input_tokens: sum.input_tokens + total.input_tokens,
          output_tokens: sum.output_tokens + total.output_tokens,
          cache_read_tokens: sum.cache_read_tokens + total.cache_read_tokens,
          cache_write_tokens: sum.cache_write_tokens + total.cache_write_tokens,
          reasoning_tokens: sum.reasoning_tokens + total.reasoning_tokens,
          cost_usd: sum.cost_usd + total.cost_usd,
          runs: sum.runs + total.runs,
          runs_without_cost: sum.runs_without_cost + total.runs_without_cost,
        }
      : total;
  }
  return sum;
}

/**
 * The cost as far as it is known: a run whose cost the CLI never reported (a cancelled run)
 * makes the sum a lower bound, never a $0 that claims the tokens were free.
 */
export function formatTotalCost(total: UsageTotal): string {
  if (total.runs_without_cost === 0) return formatCost(total.cost_usd);
  if (total.cost_usd === 0) return 'cost unknown';
  return `≥ ${formatCost(total.cost_usd)}`;
}

/** "12k in · 3.4k out · 20k cached · $0.42" */
export function formatUsageTotal(total: UsageTotal): string {
  return [...formatTokenCounts(total), formatTotalCost(total)].join(' · ');
}

/** The tooltip: how many runs, and why a cost may be partial. */
export function describeUsageTotal(total: UsageTotal): string {
  const runs = `${total.runs} ${total.runs === 1 ? 'run' : 'runs'}`;
  if (total.runs_without_cost === 0) return `Tokens and cost of ${runs}`;
  const unknown = `${total.runs_without_cost} of them reported no cost (cancelled, or a CLI that reports none)`;
  return `Tokens and cost of ${runs}; ${unknown}, so the cost shown is partial`;
}
