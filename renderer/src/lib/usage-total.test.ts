import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Session, UsageTotal } from '@contract';
import {
  describeUsageTotal,
  formatTotalCost,
  formatUsageTotal,
  sumUsageTotals,
} from './usage-total.js';

const zero: UsageTotal = {
  input_tokens: 0,
  output_tokens: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  reasoning_tokens: 0,
  cost_usd: 0,
  runs: 0,
  runs_without_cost: 0,
};
const paid: UsageTotal = {
  ...zero,
  input_tokens: 1200,
  output_tokens: 300,
  cost_usd: 0.02,
  runs: 1,
};
const cancelled: UsageTotal = {
  ...zero,
  input_tokens: 800,
  output_tokens: 40,
  runs: 1,
  runs_without_cost: 1,
};
const withTotal = (usage_total: UsageTotal | undefined) => ({ usage_total }) as Session;

describe('usage totals', () => {
  it("adds up a worktree's sessions, and says nothing when no session has a total", () => {
    const sum = sumUsageTotals([withTotal(paid), withTotal(undefined), withTotal(cancelled)]);
    assert.deepEqual(sum, {
      ...zero,
      input_tokens: 2000,
      output_tokens: 340,
      cost_usd: 0.02,
      runs: 2,
      runs_without_cost: 1,
    });
    assert.equal(sumUsageTotals([withTotal(undefined)]), null);
  });

  it('never shows $0 for tokens whose cost is unknown', () => {
    assert.equal(formatTotalCost(paid), '$0.02');
    assert.equal(formatTotalCost(cancelled), 'cost unknown');
    assert.equal(formatTotalCost({ ...paid, runs: 2, runs_without_cost: 1 }), '≥ $0.02');
    assert.equal(formatUsageTotal(cancelled), '800 in · 40 out · cost unknown');
    assert.match(describeUsageTotal(cancelled), /1 of them reported no cost.*partial/);
    assert.equal(describeUsageTotal(paid), 'Tokens and cost of 1 run');
  });
});
