import { expect, test } from '../support/ui-fixtures.js';

test('changes made with plain HTTP (like curl) show up without a reload', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('live-demo');
  await app.open();
  let navigations = 0;
  page.on('framenavigated', () => navigations++);

  // A project registered by a script appears in the sidebar.
  const project = await grove.server.ok('POST', '/api/projects', { path: repo });
  await expect(app.project('live-demo')).toBeVisible();
  const [base] = await grove.server.ok('GET', `/api/projects/${project.id}/worktrees`);
  await app.worktree('main').click();

  // Sessions created, renamed, reordered and archived by a script follow live. How fast is a bench
  // figure (`npm run bench`: PATCHes seen by WS clients), not a timeout: a loaded machine is slow.
  const first = await grove.server.ok('POST', `/api/worktrees/${base.id}/sessions`, {
    name: 'From curl',
  });
  await expect(app.tab('From curl')).toBeVisible();
  const second = await grove.server.ok('POST', `/api/worktrees/${base.id}/sessions`, {
    name: 'Second',
  });
  await expect(app.tab('Second')).toBeVisible();
  await grove.server.ok('PATCH', `/api/sessions/${first.id}`, { name: 'Renamed by curl' });
  await expect(app.tab('Renamed by curl')).toBeVisible();
  await grove.server.ok('POST', `/api/worktrees/${base.id}/sessions/reorder`, {
    session_ids: [second.id, first.id],
  });
  await expect.poll(() => app.tabNames()).toEqual(['Second', 'Renamed by curl']);
  await grove.server.ok('POST', `/api/sessions/${second.id}/archive`);
  await expect(app.tab('Second')).toHaveCount(0);
  await expect(app.tab('Renamed by curl')).toHaveAttribute('aria-selected', 'true');
  await grove.server.ok('PATCH', `/api/sessions/${first.id}`, { execution_mode: 'yolo' });
  await expect(page.getByRole('combobox', { name: 'Execution mode' })).toHaveValue('yolo');

  // A worktree made by a script appears; deleting it removes it.
  const worktree = await grove.server.ok('POST', `/api/projects/${project.id}/worktrees`, {
    name: 'scripted',
  });
  await expect(app.worktree('scripted')).toBeVisible();
  await grove.server.ok('DELETE', `/api/worktrees/${worktree.id}?force=true`);
  await expect(app.worktree('scripted')).toHaveCount(0);

  // Deleting the session removes the tab.
  await grove.server.ok('DELETE', `/api/sessions/${first.id}`);
  await expect(app.tab('Renamed by curl')).toHaveCount(0);
  expect(navigations).toBe(0);
});

test('reconnects after the server restarts and catches up with what changed meanwhile', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('restart-demo');
  await app.open();
  await app.addProject(repo);
  const [project] = await grove.server.ok('GET', '/api/projects');
  const [base] = await grove.server.ok('GET', `/api/projects/${project.id}/worktrees`);
  await app.newSession();
  await app.renameSession('Session 1', 'Before restart');

  await grove.server.stop();
  await expect(app.connection).toHaveAccessibleName('Connection: Reconnecting…');
  await expect(
    page.getByRole('status').filter({ hasText: 'Connection to Grove lost' }),
  ).toBeVisible();

  // Same port, same data dir; meanwhile a script adds a session before the window is back.
  await grove.server.start();
  await grove.server.ok('POST', `/api/worktrees/${base.id}/sessions`, { name: 'Made while away' });

  await app.expectLive();
  await expect(app.tab('Made while away')).toBeVisible();
  await expect(app.tabs.getByRole('tab')).toHaveCount(2);
  await expect(app.tab('Before restart')).toBeVisible();

  // Live updates flow again on the new connection.
  await grove.server.ok('PATCH', `/api/sessions/${(await app.sessionsOf(base.id))[0]!.id}`, {
    name: 'After restart',
  });
  await expect(app.tab('After restart')).toBeVisible();
});

test('a short drop replays the missed events with ?since= instead of reloading everything', async ({
  app,
  grove,
  page,
}) => {
  // Route the socket through Playwright so the test can cut it from the page side while the
  // server keeps running (and keeps the events it buffered for catching up).
  const sockets: Array<{ url: string; close: () => Promise<void> }> = [];
  await page.routeWebSocket(/\/ws/, (route) => {
    route.connectToServer();
    sockets.push({
      url: route.url(),
      close: () => route.close({ code: 4000, reason: 'test drop' }),
    });
  });
  const repo = await grove.makeRepo('since-demo');
  await app.open();
  await app.addProject(repo);
  const [project] = await grove.server.ok('GET', '/api/projects');
  const [base] = await grove.server.ok('GET', `/api/projects/${project.id}/worktrees`);
  await grove.server.ok('POST', `/api/worktrees/${base.id}/sessions`, { name: 'Before the drop' });
  await expect(app.tab('Before the drop')).toBeVisible();

  let snapshotCalls = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/projects' && request.method() === 'GET')
      snapshotCalls++;
  });
  const before = sockets.length;
  await sockets.at(-1)!.close();
  await grove.server.ok('POST', `/api/worktrees/${base.id}/sessions`, {
    name: 'Missed during the drop',
  });

  await expect.poll(() => sockets.length).toBeGreaterThan(before);
  await app.expectLive();
  await expect(app.tab('Missed during the drop')).toBeVisible();
  await expect(app.tabs.getByRole('tab')).toHaveCount(2);
  expect(sockets.at(-1)!.url).toMatch(/[?&]since=\d+/);
  expect(snapshotCalls).toBe(0);
});
