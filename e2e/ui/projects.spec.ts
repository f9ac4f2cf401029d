import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '../support/ui-fixtures.js';

test('adds a project from a real repository and shows its base checkout', async ({
  app,
  grove,
}) => {
  const repo = await grove.makeRepo('demo-app');
  await app.open();
  await expect(app.page.getByRole('heading', { name: 'Welcome to Grove' })).toBeVisible();

  await app.addProject(repo);

  await expect(app.project('demo-app')).toBeVisible();
  await expect(app.worktree('main')).toBeVisible();
  await expect(app.worktree('main')).toHaveAttribute('aria-current', 'true');
  await expect(app.page.getByRole('heading', { name: 'main', level: 1 })).toBeVisible();
  const projects = await grove.server.ok('GET', '/api/projects');
  expect(projects).toHaveLength(1);
});

test('explains plainly when the folder is not a git repository', async ({ app, grove }) => {
  const folder = path.join(grove.root, 'just-a-folder');
  await mkdir(folder);
  await app.open();

  await app.button('Add project').click();
  await app.dialog.getByLabel('Repository folder').fill(folder);
  await app.dialog.getByRole('button', { name: 'Add', exact: true }).click();

  const error = app.dialog.getByRole('alert');
  await expect(error).toContainText(`${folder} is not a git repository`);
  await expect(error).toContainText('git init');
  await expect(app.dialog.getByLabel('Repository folder')).toHaveAttribute('aria-invalid', 'true');
  await app.dialog.getByRole('button', { name: 'Close' }).click();
  expect(await grove.server.ok('GET', '/api/projects')).toHaveLength(0);
});

test('creates a worktree on a new branch and selects it', async ({ app, grove }) => {
  const repo = await grove.makeRepo('demo');
  await app.open();
  await app.addProject(repo);

  await app.createWorktree('demo', 'feature-login', 'feature/login');

  await expect(app.worktree('feature-login')).toHaveAttribute('aria-current', 'true');
  await expect(app.page.getByRole('heading', { name: 'feature-login', level: 1 })).toBeVisible();
  const branches = execFileSync('git', ['-C', repo, 'branch', '--list'], { encoding: 'utf8' });
  expect(branches).toContain('feature/login');
});

test('deleting a worktree with uncommitted changes says so and needs a second confirmation', async ({
  app,
  grove,
}) => {
  const repo = await grove.makeRepo('demo');
  await app.open();
  await app.addProject(repo);
  await app.createWorktree('demo', 'scratch');
  const [project] = await grove.server.ok('GET', '/api/projects');
  const worktrees = await grove.server.ok('GET', `/api/projects/${project.id}/worktrees`);
  const scratch = worktrees.find((w: { name: string }) => w.name === 'scratch');
  await writeFile(path.join(scratch.path, 'notes.txt'), 'unsaved work\n');

  await app.worktree('scratch').hover();
  await app.sidebar.getByRole('button', { name: 'Actions for scratch' }).click();
  await app.page.getByRole('menuitem', { name: 'Delete worktree…' }).click();

  await expect(app.dialog.getByRole('alert')).toContainText('uncommitted changes');
  const remove = app.dialog.getByRole('button', { name: 'Delete worktree' });
  await expect(remove).toBeDisabled();
  await app.dialog.getByLabel('Discard the uncommitted changes').check();
  await remove.click();

  await expect(app.worktree('scratch')).toHaveCount(0);
  await expect(app.worktree('main')).toHaveAttribute('aria-current', 'true');
});

test('archives a worktree, lists it under archived, and restores it', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('demo');
  await app.open();
  await app.addProject(repo);
  await app.createWorktree('demo', 'spike');

  await app.worktree('spike').hover();
  await app.sidebar.getByRole('button', { name: 'Actions for spike' }).click();
  await page.getByRole('menuitem', { name: 'Archive worktree' }).click();
  await expect(app.worktree('spike')).toHaveCount(0);
  const [project] = await grove.server.ok('GET', '/api/projects');
  const all = await grove.server.ok(
    'GET',
    `/api/projects/${project.id}/worktrees?include_archived=true`,
  );
  expect(all.find((w: { name: string }) => w.name === 'spike').archived_at).not.toBeNull();

  await app.project('demo').getByRole('button', { name: 'Actions for project demo' }).click();
  await page.getByRole('menuitem', { name: 'Show archived worktrees (1)' }).click();
  await app.worktree('spike').click();
  await expect(page.getByText('This worktree is archived')).toBeVisible();
  await page.getByRole('button', { name: 'Restore worktree' }).click();
  await expect(page.getByText('This worktree is archived')).toBeHidden();
  const after = await grove.server.ok('GET', `/api/projects/${project.id}/worktrees`);
  expect(after.map((w: { name: string }) => w.name)).toContain('spike');
});
