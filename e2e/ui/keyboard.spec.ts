import type { Locator, Page } from '@playwright/test';
import { gate } from '../model-stub/index.js';
import { expect, test } from '../support/ui-fixtures.js';
import { apiAnswer } from '../support/ui-wait.js';

/**
 * Every flow of the first hour with the keyboard alone: no click, no hover. The real Claude Code
 * CLI answers from the model stub.
 */
test.use({ agentBackend: 'claude' });

/** Press Tab until `target` has focus, as a keyboard user would; fails if it is never reached. */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('add a project, create a worktree, send, cancel, approve a plan, rename, archive and delete, all from the keyboard', async ({
  app,
  grove,
  page,
}) => {
  test.setTimeout(240_000);
  const repo = await grove.makeRepo('keys-demo');
  const released = gate();
  grove.stub!.script('Talk slowly papa', [
    [{ text: 'papa one papa two' }, { hold: released.promise }, { text: ' Never shown.' }],
  ]);
  grove.stub!.script('Plan quebec', [
    [{ tool: 'raw', name: 'ExitPlanMode', input: { plan: 'Plan: write quebec.txt.' } }],
    [{ text: 'Plan: write quebec.txt.' }],
  ]);
  grove.stub!.script('The plan is approved', [
    [{ tool: 'write', path: 'quebec.txt', content: 'quebec\n' }],
    [{ text: 'Built quebec.' }],
  ]);
  await app.open();

  // Add a project: the shortcut opens the dialog; focus then lands on the new project.
  await page.keyboard.press('Alt+Shift+KeyA');
  await expect(page.getByRole('dialog', { name: 'Add project' })).toBeVisible();
  await page.keyboard.type(repo);
  await page.keyboard.press('Enter');
  await expect(app.dialog).toBeHidden();
  await expect(
    app.project('keys-demo').getByRole('button', { name: 'keys-demo', exact: true }),
  ).toBeFocused();
  // The next step is in view, not behind a hover.
  await expect(
    app.project('keys-demo').getByRole('button', { name: 'New worktree' }),
  ).toBeVisible();
  await expect(page.getByRole('main').getByRole('button', { name: 'New worktree' })).toBeVisible();

  // Create a worktree: focus moves to it.
  await page.keyboard.press('Alt+Shift+KeyN');
  await expect(page.getByRole('dialog', { name: 'New worktree' })).toBeVisible();
  await page.keyboard.type('fix-keys');
  await page.keyboard.press('Enter');
  await expect(app.dialog).toBeHidden({ timeout: 30_000 });
  await expect(app.worktree('fix-keys')).toBeFocused();

  // Next and previous worktree.
  await page.keyboard.press('Alt+ArrowUp');
  await expect(app.worktree('main')).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(app.worktree('fix-keys')).toHaveAttribute('aria-current', 'true');

  // A session, a message, and Escape cancels the run from the message box.
  await page.keyboard.press('Alt+n');
  await expect(app.composer).toBeFocused();
  await page.keyboard.type('Talk slowly papa');
  await page.keyboard.press('Enter');
  const reply = app.assistantMessages().last();
  await expect(reply).toContainText('papa two', { timeout: 60_000 });
  await page.keyboard.press('Escape');
  await expect(reply.getByText('Cancelled', { exact: true })).toBeVisible({ timeout: 30_000 });
  released.open();
  await expect(app.button('Cancel')).toBeHidden();

  // A plan, approved with its shortcut.
  await expect(page.getByRole('combobox', { name: 'Execution mode' })).toHaveValue('plan');
  await page.keyboard.type('Plan quebec');
  await page.keyboard.press('Enter');
  const card = page.getByRole('region', { name: 'Plan waiting for approval' });
  await expect(card).toBeVisible({ timeout: 60_000 });
  await page.keyboard.press('Control+Enter');
  await expect(card).toBeHidden();
  await expect(app.assistantMessages().last()).toContainText('Built quebec.', { timeout: 60_000 });

  // Rename the session (F2) and the worktree (F2 on its row).
  await page.keyboard.press('F2');
  await page.keyboard.type('Keyboard session');
  await apiAnswer(page, 'PATCH', /^\/api\/sessions\/[^/]+$/, () => page.keyboard.press('Enter'));
  await expect(app.tab('Keyboard session')).toBeVisible();
  await tabTo(page, app.worktree('fix-keys'));
  await page.keyboard.press('F2');
  await page.keyboard.type('keys-renamed');
  await apiAnswer(page, 'PATCH', /^\/api\/worktrees\/[^/]+$/, () => page.keyboard.press('Enter'));
  await expect(app.worktree('keys-renamed')).toBeFocused();

  // Archive it from its menu.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Actions for keys-renamed' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Archive worktree' })).toBeFocused();
  await apiAnswer(page, 'POST', /\/archive$/, () => page.keyboard.press('Enter'));
  await expect(app.worktree('keys-renamed')).toBeHidden();

  // Delete another worktree, confirming in its dialog; focus comes back to the page's flow.
  await page.keyboard.press('Alt+Shift+KeyN');
  await page.keyboard.type('scratch');
  await page.keyboard.press('Enter');
  await expect(app.worktree('scratch')).toBeFocused({ timeout: 30_000 });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByRole('menuitem', { name: 'Delete worktree…' })).toBeFocused();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: /Delete/ });
  await expect(confirm).toBeVisible();
  await tabTo(page, confirm.getByRole('button', { name: 'Delete worktree' }));
  await apiAnswer(page, 'DELETE', /^\/api\/worktrees\/[^/]+$/, () => page.keyboard.press('Enter'));
  await expect(app.worktree('scratch')).toHaveCount(0);
  const worktrees = await grove.server.ok(
    'GET',
    `/api/projects/${(await grove.server.ok('GET', '/api/projects'))[0].id}/worktrees?include_archived=true`,
  );
  expect(worktrees.map((w: { name: string }) => w.name).sort()).toEqual(
    ['keys-renamed', worktrees.find((w: { kind: string }) => w.kind === 'base').name].sort(),
  );
});
