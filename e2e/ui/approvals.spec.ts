import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GroveApp } from '../support/ui-app.js';
import { expect, test } from '../support/ui-fixtures.js';
import { apiAnswer } from '../support/ui-wait.js';

/**
 * Approvals with the real Claude Code CLI asking through its stdio permission tool, answered from
 * the UI. The model stub scripts a shell command that writes a file, through `sh -c`: Claude Code
 * runs a plain redirection unasked in build (acceptEdits) mode.
 */
test.use({ agentBackend: 'claude' });
// Each test waits on two or three real CLI turns; on a loaded machine one alone can take 40 s.
test.describe.configure({ timeout: 240_000 });

const shots = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'artifacts',
  'screenshots',
);

test('an approval shows in every window; Allow in one runs the command and the card leaves both', async ({
  app,
  grove,
  context,
  page,
}) => {
  const repo = await grove.makeRepo('approval-demo');
  grove.stub!.script('Make the delta file', [
    [{ tool: 'bash', command: "sh -c 'echo delta > delta.txt'", description: 'Write delta.txt' }],
    [{ text: 'Wrote delta.' }],
  ]);
  const { sessionId } = await app.openWithSession(repo, { execution_mode: 'build' });
  const other = new GroveApp(await context.newPage(), grove.server);
  await other.open();
  await other.worktree('main').click();
  await expect(other.tab('Chat')).toHaveAttribute('aria-selected', 'true');

  await app.send('Make the delta file');
  const cards = [app, other].map((window) =>
    window.page.getByRole('group', { name: /^Approval: / }),
  );
  for (const card of cards) {
    await expect(card).toBeVisible({ timeout: 60_000 });
    await expect(card.locator('.approval-command')).toHaveText("sh -c 'echo delta > delta.txt'");
    await expect(card.getByRole('button', { name: 'Always allow sh' })).toBeVisible();
  }
  await expect(app.worktree('main').getByLabel('Waiting for approval')).toBeVisible();
  await expect(app.tab('Chat').locator('.tab-dot-approval')).toBeVisible();
  expect((await grove.server.ok('GET', `/api/sessions/${sessionId}`)).status).toBe(
    'awaiting_approval',
  );
  expect(existsSync(path.join(repo, 'delta.txt'))).toBe(false);
  await page.screenshot({ path: path.join(shots, '20-approval-card.png'), animations: 'disabled' });

  const [approval] = (await grove.server.ok('GET', `/api/sessions/${sessionId}`)).pending_approvals;
  await apiAnswer(other.page, 'POST', `/api/sessions/${sessionId}/approvals/${approval.id}`, () =>
    cards[1]!.getByRole('button', { name: 'Allow', exact: true }).click(),
  );
  for (const card of cards) await expect(card).toBeHidden();
  await expect(app.assistantMessages().last()).toContainText('Wrote delta.', { timeout: 60_000 });
  expect(readFileSync(path.join(repo, 'delta.txt'), 'utf8')).toBe('delta\n');
  await expect(app.worktree('main').getByLabel('Waiting for approval')).toHaveCount(0);
  await expect(page.getByRole('group', { name: /^Approval: / })).toHaveCount(0);
});

test('Enter after a typed reason denies with it; Escape on the focused card denies', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('deny-demo');
  grove.stub!.script('Make the echo files', [
    [{ tool: 'bash', command: "sh -c 'echo echo > echo.txt'", description: 'Write echo.txt' }],
    [{ tool: 'bash', command: "sh -c 'echo golf > golf.txt'", description: 'Write golf.txt' }],
    [{ text: 'Understood, not writing them.' }],
  ]);
  const { sessionId } = await app.openWithSession(repo, { execution_mode: 'build' });
  await app.send('Make the echo files');
  const card = page.getByRole('group', { name: /^Approval: / });
  const pending = async () =>
    (await grove.server.ok('GET', `/api/sessions/${sessionId}`)).pending_approvals[0];

  await expect(card).toContainText('echo.txt', { timeout: 60_000 });
  const field = card.getByRole('textbox', { name: 'Message for the agent when denying' });
  await field.fill('Not in this repository.');
  const first = await pending();
  await apiAnswer(page, 'POST', `/api/sessions/${sessionId}/approvals/${first.id}`, () =>
    field.press('Enter'),
  );

  await expect(card).toContainText('golf.txt', { timeout: 60_000 });
  const second = await pending();
  await card.focus();
  await apiAnswer(page, 'POST', `/api/sessions/${sessionId}/approvals/${second.id}`, () =>
    card.press('Escape'),
  );
  await expect(card).toBeHidden();
  await expect(app.assistantMessages().last()).toContainText('Understood, not writing them.', {
    timeout: 60_000,
  });
  expect(existsSync(path.join(repo, 'echo.txt'))).toBe(false);
  expect(existsSync(path.join(repo, 'golf.txt'))).toBe(false);
  // The model read the reason in the first tool result.
  const sawReason = grove
    .stub!.mainRequests('claude')
    .some((request) => JSON.stringify(request.body).includes('Not in this repository.'));
  expect(sawReason).toBe(true);
});
