import type { Session } from '../../server/contract/index.js';
import { formatUsageTotal, sumUsageTotals } from '../../renderer/src/lib/usage-total.js';
import { gate } from '../model-stub/index.js';
import { expect, test } from '../support/ui-fixtures.js';

/** Totals with the real Claude Code CLI answering from the model stub. */
test.use({ agentBackend: 'claude' });

test('the session and worktree totals add up every run; a cancelled run counts its tokens, never as $0', async ({
  app,
  grove,
  page,
}) => {
  test.setTimeout(180_000);
  const repo = await grove.makeRepo('totals-demo');
  const released = gate();
  grove.stub!.script('Count romeo', [[{ text: 'romeo counted' }]]);
  grove.stub!.script('Talk slowly sierra', [
    [{ text: 'sierra one sierra two' }, { hold: released.promise }, { text: ' Never shown.' }],
  ]);
  const { worktreeId, sessionId } = await app.openWithSession(repo, { execution_mode: 'build' });
  const sessionTotal = page.getByTestId('session-usage-total');
  const worktreeTotal = page.getByTestId('worktree-usage-total');
  await expect(sessionTotal).toContainText('no runs yet');

  const sessionsNow = () =>
    grove.server.ok(
      'GET',
      `/api/worktrees/${worktreeId}/sessions?include_archived=true`,
    ) as Promise<Session[]>;
  const totalOf = async (id: string) => (await sessionsNow()).find((s) => s.id === id)?.usage_total;

  // A completed run: its tokens and its cost.
  await app.send('Count romeo');
  await expect(app.assistantMessages().last()).toContainText('romeo counted', { timeout: 60_000 });
  await expect.poll(async () => (await totalOf(sessionId))?.runs, { timeout: 30_000 }).toBe(1);
  const first = await totalOf(sessionId);
  expect(first!.input_tokens).toBeGreaterThan(0);
  await expect(sessionTotal.getByRole('definition')).toHaveText(formatUsageTotal(first!));

  // A second session whose run is cancelled part-way: tokens counted, cost unknown.
  await page.keyboard.press('Alt+n');
  await expect(app.composer).toBeFocused();
  const second = (await sessionsNow()).find((s) => s.id !== sessionId)!;
  await app.send('Talk slowly sierra');
  const reply = app.assistantMessages().last();
  await expect(reply).toContainText('sierra two', { timeout: 60_000 });
  await app.button('Cancel').click();
  await expect(reply.getByText('Cancelled', { exact: true })).toBeVisible({ timeout: 30_000 });
  released.open();
  await expect.poll(async () => (await totalOf(second.id))?.runs, { timeout: 30_000 }).toBe(1);
  const cancelled = await totalOf(second.id);
  expect(cancelled!.runs_without_cost).toBe(1);
  await expect(sessionTotal.getByRole('definition')).toHaveText(formatUsageTotal(cancelled!));
  await expect(sessionTotal).toContainText('cost unknown');
  await expect(sessionTotal).toHaveAttribute('title', /partial/);

  // The worktree adds both, and says its cost is a lower bound.
  const sum = sumUsageTotals(await sessionsNow());
  expect(sum!.runs).toBe(2);
  await expect(worktreeTotal.getByRole('definition')).toHaveText(formatUsageTotal(sum!));
  await expect(worktreeTotal).toContainText(/≥ \$|cost unknown/);
});
