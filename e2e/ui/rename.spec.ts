import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GroveApp } from '../support/ui-app.js';
import { expect, test } from '../support/ui-fixtures.js';
import { apiAnswer, sentRequests } from '../support/ui-wait.js';

const shots = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'artifacts',
  'screenshots',
);

/** A project from a fresh repository with one worktree `fix-login` on branch `fix/login`. */
async function openProject(app: GroveApp, repo: string) {
  await app.open();
  await app.addProject(repo);
  await app.createWorktree('acme-web', 'fix-login', 'fix/login');
  const [project] = await app.server.ok('GET', '/api/projects');
  const worktrees = await app.server.ok('GET', `/api/projects/${project.id}/worktrees`);
  const worktree = worktrees.find((w: { name: string }) => w.name === 'fix-login');
  return { project, worktree };
}

test('renames a project and a worktree in the sidebar; another window follows live', async ({
  app,
  grove,
  page,
  context,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const repo = await grove.makeRepo('acme-web');
  const { project, worktree } = await openProject(app, repo);
  const other = new GroveApp(await context.newPage(), grove.server);
  await other.open();
  await expect(other.worktree('fix-login')).toBeVisible();
  let otherNavigations = 0;
  other.page.on('framenavigated', () => otherNavigations++);

  // The project, from its actions menu: the field starts with the whole name selected.
  await app
    .project('acme-web')
    .getByRole('button', { name: 'Actions for project acme-web' })
    .click();
  await expect(page.getByRole('menuitem', { name: 'Rename project' })).toBeVisible();
  await page.screenshot({
    path: path.join(shots, '14-rename-menu-light.png'),
    animations: 'disabled',
  });
  await page.getByRole('menuitem', { name: 'Rename project' }).click();
  const projectField = app.sidebar.getByRole('textbox', { name: 'Project name' });
  await expect(projectField).toBeFocused();
  await expect(projectField).toHaveValue('acme-web');
  await projectField.press('Backspace');
  await expect(projectField).toHaveValue('');
  await projectField.fill('Acme storefront');
  await apiAnswer(page, 'PATCH', `/api/projects/${project.id}`, () => projectField.press('Enter'));
  await expect(projectField).toBeHidden();
  await expect(app.project('Acme storefront')).toBeVisible();
  // Back on the project's button, so the keyboard user keeps their place.
  await expect(
    app.project('Acme storefront').getByRole('button', { name: 'Acme storefront', exact: true }),
  ).toBeFocused();

  // The worktree, by double-click; the screenshot shows the field mid-edit.
  await app.worktree('fix-login').dblclick();
  const worktreeField = app.sidebar.getByRole('textbox', { name: 'Worktree name' });
  await expect(worktreeField).toBeFocused();
  await expect(worktreeField).toHaveAttribute('title', /branch and the folder keep their names/);
  await worktreeField.fill('Login fix');
  await expect(worktreeField).toHaveValue('Login fix');
  await page.screenshot({
    path: path.join(shots, '14-rename-worktree-light.png'),
    animations: 'disabled',
  });
  await apiAnswer(page, 'PATCH', `/api/worktrees/${worktree.id}`, () =>
    worktreeField.press('Enter'),
  );
  await expect(app.worktree('Login fix')).toBeVisible();
  // Only the name changed: the row still shows the branch, which git keeps as it was.
  await expect(app.worktree('Login fix')).toContainText('fix/login');

  // The API has both names (both PATCHes were answered); the branch and the folder are untouched.
  expect((await grove.server.ok('GET', `/api/projects/${project.id}`)).name).toBe(
    'Acme storefront',
  );
  const renamed = await grove.server.ok('GET', `/api/worktrees/${worktree.id}`);
  expect(renamed).toMatchObject({ name: 'Login fix', branch: 'fix/login', path: worktree.path });
  expect(existsSync(worktree.path)).toBe(true);
  const branches = execFileSync('git', ['-C', repo, 'branch', '--list'], { encoding: 'utf8' });
  expect(branches).toContain('fix/login');

  // The other window got both changes over its WebSocket, without reloading.
  await expect(other.project('Acme storefront')).toBeVisible();
  await expect(other.worktree('Login fix')).toBeVisible();
  await expect(other.worktree('fix-login')).toHaveCount(0);
  expect(otherNavigations).toBe(0);

  // F2 on the focused worktree, then a click elsewhere: leaving the field saves too.
  await app.worktree('Login fix').focus();
  await page.keyboard.press('F2');
  await worktreeField.fill('Login fix, take two');
  await page.getByRole('heading', { level: 1 }).click();
  await expect(app.worktree('Login fix, take two')).toBeVisible();
  await expect
    .poll(async () => (await grove.server.ok('GET', `/api/worktrees/${worktree.id}`)).name)
    .toBe('Login fix, take two');
  await expect(other.worktree('Login fix, take two')).toBeVisible();
});

test('Escape cancels, and a blank or unchanged name sends nothing', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('acme-web');
  const { project } = await openProject(app, repo);
  const patches = sentRequests(page, 'PATCH');
  const toggle = app.project('acme-web').getByRole('button', { name: 'acme-web', exact: true });

  // F2 on the focused project, a new name typed, then Escape: nothing changes.
  await toggle.focus();
  await page.keyboard.press('F2');
  const projectField = app.sidebar.getByRole('textbox', { name: 'Project name' });
  await projectField.fill('Not this');
  await projectField.press('Escape');
  await expect(projectField).toBeHidden();
  await expect(toggle).toBeFocused();
  await expect(app.project('acme-web')).toBeVisible();

  // The worktree from its menu: Enter on the unchanged name, then on a blank one.
  const worktreeField = app.sidebar.getByRole('textbox', { name: 'Worktree name' });
  for (const text of ['fix-login', '   ']) {
    await app.sidebar.getByRole('button', { name: 'Actions for fix-login' }).click();
    await page.getByRole('menuitem', { name: 'Rename worktree' }).click();
    await worktreeField.fill(text);
    await worktreeField.press('Enter');
    await expect(worktreeField).toBeHidden();
    await expect(app.worktree('fix-login')).toBeVisible();
  }

  // The base checkout is shown by its branch, so it has no rename.
  await app.sidebar.getByRole('button', { name: 'Actions for main' }).click();
  await expect(page.getByRole('menuitem', { name: 'Rename worktree' })).toBeDisabled();
  await page.keyboard.press('Escape');

  // A real rename afterwards is the first and only request sent.
  await toggle.focus();
  await page.keyboard.press('F2');
  await projectField.fill('Acme');
  // The name shows at once; only the PATCH's answer proves the server has it.
  await apiAnswer(page, 'PATCH', `/api/projects/${project.id}`, () => projectField.press('Enter'));
  await expect(app.project('Acme')).toBeVisible();
  expect(patches).toEqual([`/api/projects/${project.id}`]);
  expect((await grove.server.ok('GET', `/api/projects/${project.id}`)).name).toBe('Acme');
});

test('a rename the server refuses is explained in plain words and undone', async ({
  app,
  grove,
  page,
}) => {
  // Hold back deletion events, as if the rename raced another window deleting the worktree.
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((message) => {
      if (typeof message === 'string' && message.includes('"worktree-deleted"')) return;
      ws.send(message);
    });
  });
  const repo = await grove.makeRepo('acme-web');
  const { worktree } = await openProject(app, repo);
  await grove.server.ok('DELETE', `/api/worktrees/${worktree.id}?force=true`);

  await app.worktree('fix-login').dblclick();
  const field = app.sidebar.getByRole('textbox', { name: 'Worktree name' });
  await field.fill('Too late');
  await field.press('Enter');

  await expect(
    page.getByRole('status').filter({
      hasText: 'This worktree no longer exists; it may have been deleted in another window.',
    }),
  ).toBeVisible();
  await expect(app.worktree('fix-login')).toBeVisible();
  await expect(app.worktree('Too late')).toHaveCount(0);
});

test('session tabs rename with the same field: Escape cancels, Enter saves', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('acme-web');
  const { worktreeId, sessionId } = await app.openWithSession(repo);
  const patches = sentRequests(page, 'PATCH');
  const field = page.getByRole('textbox', { name: 'Session name' });

  await app.tab('Chat').focus();
  await page.keyboard.press('F2');
  await field.fill('Not this');
  await field.press('Escape');
  await expect(app.tab('Chat')).toBeVisible();

  await app.tab('Chat').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  await expect(field).toHaveValue('Chat');
  await field.fill('Fix the login bug');
  await apiAnswer(page, 'PATCH', `/api/sessions/${sessionId}`, () => field.press('Enter'));
  await expect(app.tab('Fix the login bug')).toBeVisible();
  expect((await app.sessionsOf(worktreeId))[0]?.name).toBe('Fix the login bug');
  expect(patches).toEqual([`/api/sessions/${sessionId}`]);
});
