import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { makeRepo } from '../support/ui-repo.js';
import { expect, test } from '../support/ui-fixtures.js';
import { apiAnswer } from '../support/ui-wait.js';

test.use({ ownHome: true });

test('the path field completes folders under home, marks repositories, and adds the one picked', async ({
  app,
  grove,
}) => {
  const home = path.join(grove.root, 'home');
  await makeRepo(path.join(home, 'code'), 'app');
  await mkdir(path.join(home, 'code', 'notes'));
  await app.open();
  await app.button('Add project').click();
  const folders = app.dialog.getByRole('list', { name: 'Folders' });
  const field = app.dialog.getByLabel('Repository folder');

  await folders.getByRole('button', { name: 'code', exact: true }).click();
  await expect(field).toHaveValue(`${home}/code/`);
  await expect(folders.getByRole('button')).toHaveText(['appgit repository', 'notes']);
  await field.fill(`${home}/code/a`);
  await expect(folders.getByRole('button')).toHaveCount(1);
  await folders.getByRole('button', { name: 'app, git repository' }).click();
  await expect(field).toHaveValue(path.join(home, 'code', 'app'));
  await app.dialog.getByRole('button', { name: 'Add', exact: true }).click();

  await expect(app.dialog).toBeHidden();
  await expect(app.project('app')).toBeVisible();
});

test('a missing folder says it was not found; a plain folder offers git init, which adds it', async ({
  app,
  grove,
}) => {
  const home = path.join(grove.root, 'home');
  const plain = path.join(home, 'scratch');
  await mkdir(plain);
  await app.open();
  await app.button('Add project').click();
  const field = app.dialog.getByLabel('Repository folder');
  const add = app.dialog.getByRole('button', { name: 'Add', exact: true });
  const init = app.dialog.getByRole('button', { name: 'Run git init here and add' });

  await field.fill(path.join(home, 'nowhere'));
  await add.click();
  await expect(app.dialog.getByRole('alert')).toContainText('was not found');
  await expect(app.dialog.getByRole('alert')).not.toContainText('not a git repository');
  await expect(init).toHaveCount(0);

  await field.fill(plain);
  await add.click();
  await expect(app.dialog.getByRole('alert')).toContainText(`${plain} is not a git repository`);
  await apiAnswer(app.page, 'POST', '/api/projects', () => init.click());

  await expect(app.dialog).toBeHidden();
  await expect(app.project('scratch')).toBeVisible();
  expect(existsSync(path.join(plain, '.git'))).toBe(true);
});

test('the base branch is picked from the repository’s local and remote branches', async ({
  app,
  grove,
}) => {
  const origin = await grove.makeRepo('origin');
  execFileSync('git', ['-C', origin, 'branch', 'release'], { stdio: 'pipe' });
  const clone = path.join(grove.root, 'repos', 'demo');
  execFileSync('git', ['clone', '-q', origin, clone], { stdio: 'pipe' });
  execFileSync('git', ['-C', clone, 'branch', 'topic'], { stdio: 'pipe' });
  await app.open();
  await app.addProject(clone);

  await app.project('demo').getByRole('button', { name: 'New worktree', exact: true }).click();
  const picker = app.dialog.getByLabel('Base branch');
  await expect(picker.locator('option')).toHaveText([
    'main (checked out)',
    'main',
    'topic',
    'origin/main',
    'origin/release',
  ]);
  await picker.selectOption('origin/release');
  await app.dialog.getByLabel(/^Name/).fill('from-release');
  await app.dialog.getByRole('button', { name: 'Create worktree' }).click();
  await expect(app.dialog).toBeHidden({ timeout: 20_000 });

  const [project] = await grove.server.ok('GET', '/api/projects');
  const worktrees = await grove.server.ok('GET', `/api/projects/${project.id}/worktrees`);
  const created = worktrees.find((w: { name: string }) => w.name === 'from-release');
  expect(created.base_branch).toBe('origin/release');
});
