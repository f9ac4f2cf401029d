import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { BRIDGE_CHANNELS } from './bridge.js';
import { addSession, isServing } from './test-support/grove.js';
import { cleanUp, folder, launch } from './test-support/launch.js';

// The main process once running: the window's place, closing and quitting, notifications.

after(cleanUp);

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('window and quit', () => {
  test('the window opens where it was left, maximised if it was', async () => {
    const dataDir = await folder('grove-app-');
    const first = await launch({ dataDir, env: { GROVE_PORT: '0' } });
    await first.desktop.ready;
    first.windows[0]?.moveTo({ x: 200, y: 150, width: 1100, height: 720 });
    first.windows[0]?.maximize();
    first.app.quit();
    assert.equal(await first.app.exited, 0);

    const second = await launch({ dataDir, env: { GROVE_PORT: '0' } });
    await second.desktop.ready;
    const options = second.windows[0]?.options;
    assert.deepEqual(
      { x: options?.x, y: options?.y, width: options?.width, height: options?.height },
      { x: 200, y: 150, width: 1100, height: 720 },
    );
    assert.equal(second.windows[0]?.maximized, true);
  });

  test('on Linux and Windows, closing the window quits through the quit sequence', async () => {
    const dataDir = await folder('grove-app-');
    const { desktop, app, windows } = await launch({ dataDir, env: { GROVE_PORT: '0' } });
    await desktop.ready;
    const url = desktop.server()?.url ?? '';
    assert.equal(windows[0]?.close(), false, 'held open until the quit sequence decides');
    assert.equal(await app.exited, 0);
    assert.equal(await isServing(url), false);
  });

  test('with a run going, closing asks; Cancel keeps the window and the server', async () => {
    const dataDir = await folder('grove-app-');
    const { desktop, app, windows, dialog } = await launch({
      dataDir,
      env: { GROVE_PORT: '0' },
      answers: [1],
    });
    await desktop.ready;
    const server = desktop.server();
    assert.ok(server);
    const session = await addSession(server);
    await server.services.sessions.apply(session.id, (current) => ({
      ...current,
      status: 'running',
    }));
    assert.equal(windows[0]?.close(), false);
    await tick();
    await tick();
    assert.equal(dialog.shown.length, 1);
    assert.equal(app.exitCode, null);
    assert.equal(windows[0]?.isDestroyed(), false);
    assert.ok(await isServing(server.url));
  });

  test('on macOS, closing the window keeps Grove running; the Dock icon reopens it', async () => {
    const dataDir = await folder('grove-app-');
    const { desktop, app, windows } = await launch({
      dataDir,
      env: { GROVE_PORT: '0' },
      platform: 'darwin',
    });
    await desktop.ready;
    assert.equal(windows[0]?.close(), true);
    app.emit('window-all-closed');
    assert.equal(desktop.window(), null);
    assert.equal(app.quitCalls, 0);
    app.emit('activate');
    assert.equal(windows.length, 2);
    assert.equal(desktop.window(), windows[1]);
    app.quit();
    assert.equal(await app.exited, 0);
  });

  test('a run finishing while the window is in the background is a notification that brings it back', async () => {
    const dataDir = await folder('grove-app-');
    const { desktop, windows, notifications } = await launch({ dataDir, env: { GROVE_PORT: '0' } });
    await desktop.ready;
    const server = desktop.server();
    const window = windows[0];
    assert.ok(server && window);
    const session = await addSession(server, 'Tidy tests');
    const run = { session_id: session.id, worktree_id: session.worktree_id, run_id: randomUUID() };
    window.focused = true;
    server.hub.publish('run-cancelled', run);
    server.hub.publish('run-failed', { ...run, error: { code: 'x', message: 'boom' } });
    assert.equal(notifications.length, 0, 'nothing while the window is in front');
    window.focused = false;
    server.hub.publish('run-failed', { ...run, error: { code: 'x', message: 'boom' } });
    assert.deepEqual(
      notifications.map(({ title, body }) => ({ title, body })),
      [{ title: 'Tidy tests failed', body: 'boom' }],
    );
    notifications[0]?.onClick();
    assert.equal(window.focused, true);
  });

  test('the renderer can raise its own notifications through the bridge', async () => {
    const dataDir = await folder('grove-app-');
    const { desktop, ipc, notifications } = await launch({ dataDir, env: { GROVE_PORT: '0' } });
    await desktop.ready;
    await ipc.invoke(
      `${desktop.server()?.url}/`,
      BRIDGE_CHANNELS.notify,
      'Plan ready',
      'Review it',
    );
    assert.deepEqual(
      notifications.map(({ title, body }) => ({ title, body })),
      [{ title: 'Plan ready', body: 'Review it' }],
    );
  });
});

test('the data folder can be opened from the Help menu', async () => {
  const dataDir = await folder('grove-app-');
  const { desktop, menus, opened } = await launch({ dataDir, env: { GROVE_PORT: '0' } });
  await desktop.ready;
  const help = menus[0]?.at(-1)?.submenu;
  const open = Array.isArray(help) ? help[0]?.click : undefined;
  (open as () => void)();
  assert.deepEqual(opened, [dataDir]);
});
