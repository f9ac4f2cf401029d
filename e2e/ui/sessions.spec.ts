import type { GroveApp } from '../support/ui-app.js';
import { expect, test, type GroveEnv } from '../support/ui-fixtures.js';

/** A project with its base checkout selected; returns the base worktree's id. */
async function openProject(app: GroveApp, grove: GroveEnv): Promise<string> {
  const repo = await grove.makeRepo('demo');
  await app.open();
  await app.addProject(repo);
  const [project] = await grove.server.ok('GET', '/api/projects');
  const [base] = await grove.server.ok('GET', `/api/projects/${project.id}/worktrees`);
  return base.id;
}

test('creates, renames, archives, restores and deletes sessions', async ({ app, grove, page }) => {
  const worktreeId = await openProject(app, grove);
  await expect(page.getByRole('heading', { name: 'No open sessions' })).toBeVisible();

  await app.newSession();
  await expect(app.tab('Session 1')).toHaveAttribute('aria-selected', 'true');
  await expect(app.composer).toBeFocused();
  await app.newSession();
  await expect(app.tab('Session 2')).toHaveAttribute('aria-selected', 'true');
  await app.tab('Session 1').click();
  await app.tab('Session 2').click();
  // Switching tabs swaps the conversation; it never stacks them.
  await expect(page.getByRole('region', { name: 'Messages' })).toHaveCount(1);

  await app.renameSession('Session 1', 'Fix the login bug');
  await expect
    .poll(async () => (await app.sessionsOf(worktreeId)).map((s) => s.name))
    .toEqual(['Fix the login bug', 'Session 2']);

  await app.archiveSession('Session 2');
  await expect(app.tab('Fix the login bug')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: 'Archived sessions (1)' })).toBeVisible();
  expect(
    (await app.sessionsOf(worktreeId)).find((s) => s.name === 'Session 2')?.archived_at,
  ).not.toBeNull();

  await app.restoreSession('Session 2');
  await expect(app.tab('Session 2')).toHaveAttribute('aria-selected', 'true');
  expect(
    (await app.sessionsOf(worktreeId)).find((s) => s.name === 'Session 2')?.archived_at,
  ).toBeNull();

  // Delete for good: from the archived list, after a confirmation naming the session.
  await app.archiveSession('Session 2');
  const panel = await app.openArchived();
  await panel.getByRole('button', { name: 'Delete Session 2', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete “Session 2”?' });
  await expect(confirm).toContainText('deleted for good');
  await confirm.getByRole('button', { name: 'Delete session' }).click();
  await expect(confirm).toBeHidden();
  await expect
    .poll(async () => (await app.sessionsOf(worktreeId)).map((s) => s.name))
    .toEqual(['Fix the login bug']);
  await expect(page.getByRole('button', { name: 'Archived sessions (0)' })).toBeVisible();
});

test('an open session can be deleted from its tab menu after confirming', async ({
  app,
  grove,
  page,
}) => {
  const worktreeId = await openProject(app, grove);
  await app.newSession();
  await app.tab('Session 1').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Keep it' }).click();
  await expect(app.tab('Session 1')).toBeVisible();

  await app.tab('Session 1').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete session' }).click();
  await expect(app.tab('Session 1')).toHaveCount(0);
  expect(await app.sessionsOf(worktreeId)).toHaveLength(0);
});

test('reorders tabs by dragging, and the order is saved', async ({ app, grove }) => {
  const worktreeId = await openProject(app, grove);
  for (const name of ['One', 'Two', 'Three']) {
    await grove.server.ok('POST', `/api/worktrees/${worktreeId}/sessions`, { name });
  }
  await expect(app.tabs.getByRole('tab')).toHaveCount(3);

  await app.tab('Three').dragTo(app.tab('One'), { targetPosition: { x: 4, y: 10 } });

  await expect.poll(() => app.tabNames()).toEqual(['Three', 'One', 'Two']);
  await expect
    .poll(async () => (await app.sessionsOf(worktreeId)).map((s) => s.name))
    .toEqual(['Three', 'One', 'Two']);

  // The keyboard does the same: Alt+Shift+→ moves the focused tab right.
  await app.tab('Three').focus();
  await app.tab('Three').press('Alt+Shift+ArrowRight');
  await expect
    .poll(async () => (await app.sessionsOf(worktreeId)).map((s) => s.name))
    .toEqual(['One', 'Three', 'Two']);
});

test('the pickers and Shift+Tab change the session on the server', async ({ app, grove, page }) => {
  const worktreeId = await openProject(app, grove);
  await app.newSession();
  const session = async () =>
    (await app.sessionsOf(worktreeId))[0] as unknown as Record<string, string>;

  await app.composer.press('Shift+Tab');
  await expect(page.getByRole('combobox', { name: 'Execution mode' })).toHaveValue('build');
  await expect.poll(async () => (await session())['execution_mode']).toBe('build');
  await app.composer.press('Shift+Tab');
  await expect.poll(async () => (await session())['execution_mode']).toBe('yolo');
  await expect(app.composer).toBeFocused();

  await page.getByRole('combobox', { name: 'Execution mode' }).selectOption('plan');
  await expect.poll(async () => (await session())['execution_mode']).toBe('plan');

  await page.getByRole('combobox', { name: 'Thinking level' }).selectOption('megathink');
  await expect.poll(async () => (await session())['thinking_level']).toBe('megathink');

  const model = page.getByRole('combobox', { name: 'Model' });
  await model.fill('opus');
  await model.press('Enter');
  await expect.poll(async () => (await session())['model']).toBe('opus');

  // Switching backend also picks that backend's default model.
  await page.getByRole('combobox', { name: 'Backend' }).selectOption('codex');
  await expect.poll(async () => (await session())['backend']).toBe('codex');
  expect((await session())['model']).toBe('gpt-5.5');
  await expect(model).toHaveValue('gpt-5.5');
});

test('keyboard shortcuts: new session, next and previous, focus, settings, help', async ({
  app,
  grove,
  page,
}) => {
  await openProject(app, grove);
  await page.getByRole('heading', { name: 'No open sessions' }).click();

  await page.keyboard.press('Control+t');
  await expect(app.tab('Session 1')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Alt+n');
  await expect(app.tab('Session 2')).toHaveAttribute('aria-selected', 'true');

  await page.keyboard.press('Control+Shift+BracketLeft');
  await expect(app.tab('Session 1')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Control+Shift+BracketRight');
  await expect(app.tab('Session 2')).toHaveAttribute('aria-selected', 'true');

  await app.tab('Session 2').focus();
  await page.keyboard.press('Control+l');
  await expect(app.composer).toBeFocused();

  await page.keyboard.press('Control+Comma');
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();

  await app.tab('Session 2').focus();
  await page.keyboard.press('Shift+Slash');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('New session');
  await expect(help).toContainText('Next session');
  await expect(help).toContainText('Focus the message box');
  await expect(help).toContainText('Open settings');
});
