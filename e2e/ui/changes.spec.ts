import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect, test } from '../support/ui-fixtures.js';

/**
 * The review loop end to end: the real Claude Code CLI (answering from the model stub) writes a
 * file in build mode, the Changes panel shows it with its added lines, the user commits and
 * merges from the UI, and a second window sees each status change live.
 */
test.use({ agentBackend: 'claude' });

const MODULE = [
  'export function greet(name: string): string {',
  '  return `Hello, ${name}!`;',
  '}',
  '',
].join('\n');

test('an agent’s edit shows in Changes, then is committed and merged from the UI', async ({
  app,
  grove,
  page,
  context,
}) => {
  // A real CLI turn, then a commit and a merge, each seen in two windows: a long test.
  test.slow();
  const repo = await grove.makeRepo('review-demo');
  const project = await grove.server.ok('POST', '/api/projects', { path: repo });
  const worktree = await grove.server.ok('POST', `/api/projects/${project.id}/worktrees`, {
    name: 'greeting',
  });
  await grove.server.ok('POST', `/api/worktrees/${worktree.id}/sessions`, {
    name: 'Chat',
    execution_mode: 'build',
  });
  grove.stub!.script('Write the greeting module', [
    [{ tool: 'write', path: 'greet.ts', content: MODULE }],
    [{ text: 'I wrote greet.ts.' }],
  ]);

  await app.open();
  await app.worktree('greeting').click();
  await expect(app.tab('Chat')).toHaveAttribute('aria-selected', 'true');

  // A second window on the same worktree, watching the sidebar.
  const other = await context.newPage();
  await other.goto(`${grove.server.url}/?token=${encodeURIComponent(grove.server.token)}`);
  const otherRow = other
    .getByRole('navigation', { name: 'Projects and worktrees' })
    .getByRole('button', { name: /^greeting\b/ });
  await expect(otherRow).toBeVisible();

  await app.button('Changes').click();
  const panel = page.getByRole('complementary', { name: 'Changes' });
  await expect(panel.getByText('No changes.')).toBeVisible();

  await app.send('Write the greeting module');
  const files = panel.getByRole('list', { name: 'Changed files' });
  await expect(files.getByRole('button', { name: 'greet.ts', exact: true })).toBeVisible({
    timeout: 60_000,
  });
  await expect(files.getByLabel('3 added, 0 removed')).toBeVisible();
  // The diff, rendered by @pierre/diffs, shows the added lines.
  await expect(panel.getByText('export function greet(name: string): string {')).toBeVisible();
  await expect(otherRow.getByLabel('Uncommitted changes')).toContainText('+3');

  await panel.getByRole('textbox', { name: 'Commit message' }).fill('Add a greeting');
  await panel.getByRole('button', { name: 'Commit 1 file' }).click();
  await expect(
    panel.getByRole('status').filter({ hasText: /^Committed [0-9a-f]{7}\.$/ }),
  ).toBeVisible();
  await expect(panel.getByText('No changes.')).toBeVisible();
  await expect(otherRow.getByLabel('Uncommitted changes')).toHaveCount(0);
  await expect(otherRow.getByLabel('1 ahead, 0 behind')).toBeVisible();

  await panel.getByRole('combobox', { name: 'Merge strategy' }).selectOption('squash');
  await panel.getByRole('button', { name: 'Merge into main' }).click();
  await expect(panel.getByRole('status').filter({ hasText: /^Merged into main/ })).toBeVisible();
  expect(readFileSync(path.join(repo, 'greet.ts'), 'utf8')).toBe(MODULE);
  const subject = execFileSync('git', ['-C', repo, 'log', '-1', '--format=%s'], {
    encoding: 'utf8',
  });
  expect(subject.trim()).toBe('greeting');
  await other.close();
});

test('a failed push shows git’s own words; the shortcut toggles the panel', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('push-demo');
  await app.openWithSession(repo);
  await page.keyboard.press('Control+Shift+G');
  const panel = page.getByRole('complementary', { name: 'Changes' });
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: 'Push' }).click();
  await expect(panel.getByRole('alert')).toContainText('no remote to push to');
  await page.keyboard.press('Control+Shift+G');
  await expect(panel).toBeHidden();
  await page.keyboard.press('?');
  await expect(app.dialog).toContainText('Show or hide the Changes panel');
});

test('a refused merge lists the conflicting files, or the files in its way', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('refused-merges');
  const project = await grove.server.ok('POST', '/api/projects', { path: repo });
  const clash = await grove.server.ok('POST', `/api/projects/${project.id}/worktrees`, {
    name: 'clash',
  });
  const blocked = await grove.server.ok('POST', `/api/projects/${project.id}/worktrees`, {
    name: 'blocked',
  });
  const commit = (dir: string, file: string, text: string) => {
    writeFileSync(path.join(dir, file), text);
    execFileSync('git', ['-C', dir, 'add', '--', file]);
    execFileSync('git', ['-C', dir, 'commit', '-q', '-m', `edit ${file}`]);
  };
  commit(clash.path, 'README.md', 'ours\n');
  commit(blocked.path, 'notes.txt', 'from the branch\n');
  commit(repo, 'README.md', 'theirs\n');
  writeFileSync(path.join(repo, 'notes.txt'), 'my own notes, not in git\n');

  await app.open();
  await app.worktree('clash').click();
  await app.button('Changes').click();
  const panel = page.getByRole('complementary', { name: 'Changes' });
  await panel.getByRole('button', { name: 'Merge into main' }).click();
  const conflicts = panel.getByRole('alert').getByRole('list', { name: 'Conflicting files' });
  await expect(conflicts.getByRole('listitem')).toHaveText(['README.md']);
  // The way on: bring main into the worktree and keep the conflict there for resolving.
  await panel.getByRole('button', { name: 'Update from main to resolve them' }).click();
  await expect(panel.getByRole('region', { name: 'Conflicts' })).toContainText('README.md');

  await app.worktree('blocked').click();
  await panel.getByRole('button', { name: 'Merge into main' }).click();
  const inTheWay = panel.getByRole('alert').getByRole('list', { name: 'Files in the way' });
  await expect(inTheWay.getByRole('listitem')).toHaveText(['notes.txt']);
  expect(readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe('my own notes, not in git\n');
});
