import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '../support/ui-fixtures.js';

test('the terminal panel opens under the chat, takes typed commands and shows their output', async ({
  app,
  grove,
}) => {
  const repo = await grove.makeRepo('shell-demo');
  await app.open();
  await app.addProject(repo);

  await app.button('Terminal').click();
  const panel = app.page.getByRole('region', { name: 'Terminal panel' });
  await expect(panel.getByRole('tab', { name: 'Shell' })).toHaveAttribute('aria-selected', 'true');
  const screen = panel.locator('.terminal-view');
  // The prompt is drawn once the shell runs: only then does typing reach it.
  await expect(screen).toContainText(/[$#%>]/, { timeout: 20_000 });
  await screen.click();
  await app.page.keyboard.type('echo "answer-$((6*7))"; pwd');
  await app.page.keyboard.press('Enter');
  await expect(screen).toContainText('answer-42');
  await expect(screen).toContainText(repo);

  // A second terminal gets its own tab; closing it leaves the first.
  await panel.getByRole('button', { name: 'New terminal' }).click();
  await expect(panel.getByRole('tab', { name: 'Shell 2' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await panel.getByRole('tab', { name: 'Shell 2' }).press('Delete');
  await expect(panel.getByRole('tab')).toHaveCount(1);
  // Back on the first tab, the screen is replayed from the server.
  await expect(screen).toContainText('answer-42');

  await app.page.keyboard.press('Control+`');
  await expect(panel).toBeHidden();
  await app.page.keyboard.press('Control+`');
  await expect(panel).toBeVisible();
});

test('the Run button starts the run script, the worktree row shows it running, Stop ends it', async ({
  app,
  grove,
}) => {
  const repo = await grove.makeRepo('run-demo');
  await commitGroveJson(repo, {
    scripts: { run: ['echo "dev server on $GROVE_PORT"', 'sleep 600'] },
  });
  await app.open();
  await app.addProject(repo);

  await app.button('Run').click();
  const panel = app.page.getByRole('region', { name: 'Terminal panel' });
  await expect(panel.getByRole('tab', { name: 'Run' })).toHaveAttribute('aria-selected', 'true');
  await expect(panel.locator('.terminal-view')).toContainText(/dev server on \d+/);
  await expect(app.sidebar.getByRole('status', { name: 'Run script running' })).toBeVisible();

  await app.button('Stop').click();
  await expect(app.sidebar.getByRole('status', { name: 'Run script running' })).toBeHidden();
  await expect(panel.getByRole('tab', { name: /Run \(exit \d+\)/ })).toBeVisible();
  await expect(app.button('Run')).toBeVisible();
});

test('a failing setup shows on the worktree; a failing teardown needs a second confirmation', async ({
  app,
  grove,
}) => {
  const repo = await grove.makeRepo('scripts-demo');
  await commitGroveJson(repo, {
    scripts: { setup: 'echo setting up; exit 4', teardown: 'exit 1' },
  });
  await app.open();
  await app.addProject(repo);
  await app.createWorktree('scripts-demo', 'feature');

  await expect(app.page.getByText('Setup failed')).toBeVisible({ timeout: 20_000 });
  await app.button('Terminal').click();
  const panel = app.page.getByRole('region', { name: 'Terminal panel' });
  await panel.getByRole('tab', { name: 'Setup (exit 4)' }).click();
  await expect(panel.locator('.terminal-view')).toContainText('setting up');

  await app.worktree('feature').hover();
  await app.sidebar.getByRole('button', { name: 'Actions for feature' }).click();
  await app.page.getByRole('menuitem', { name: 'Delete worktree…' }).click();
  const remove = app.dialog.getByRole('button', { name: 'Delete worktree' });
  await remove.click();
  await expect(app.dialog.getByRole('alert')).toContainText('teardown script exited with code 1');
  await expect(remove).toBeDisabled();
  await app.dialog.getByLabel('Remove it although the teardown script failed').check();
  await remove.click();
  await expect(app.worktree('feature')).toHaveCount(0);
});

test('the shortcuts panel lists the terminal shortcut', async ({ app }) => {
  await app.open();
  await app.page.keyboard.press('?');
  await expect(app.dialog).toContainText('Show or hide the terminal panel');
});

async function commitGroveJson(repo: string, config: object): Promise<void> {
  await writeFile(path.join(repo, 'grove.json'), JSON.stringify(config));
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args]);
  git('add', 'grove.json');
  git(
    '-c',
    'user.name=Grove Test',
    '-c',
    'user.email=test@example.com',
    'commit',
    '-qm',
    'grove.json',
  );
}
