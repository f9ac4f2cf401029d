import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { GroveServer } from '../server/server.js';
import { activeSessions, confirmQuitDialog, installQuitHandler } from './quit.js';
import { FakeApp, FakeDialog, fakeEvent } from './test-support/fakes.js';
import {
  addSession,
  isServing,
  removeDir,
  setStatus,
  startGrove,
  removeRepos,
} from './test-support/grove.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await removeRepos();
});

async function world() {
  const { server, dataDir } = await startGrove();
  let closed = false;
  cleanups.push(async () => {
    if (!closed) await server.close();
    await removeDir(dataDir);
  });
  const app = new FakeApp(dataDir);
  const dialog = new FakeDialog();
  const order: string[] = [];
  const close = server.close.bind(server);
  const observed: GroveServer = {
    ...server,
    close: async () => {
      order.push('close');
      await close();
      closed = true;
    },
  };
  const quit = installQuitHandler({
    app,
    server: () => observed,
    confirm: async (active) =>
      (await dialog.showMessageBox(confirmQuitDialog(active))).response === 0,
    beforeClose: async () => void order.push('save window'),
    log: () => undefined,
  });
  const lockFile = path.join(dataDir, 'grove.lock');
  return { server, app, dialog, quit, order, lockFile, isClosed: () => closed };
}

describe('quit sequence', () => {
  test('no runs going: no question; saves, closes the server, then exits 0', async () => {
    const { server, app, dialog, order, lockFile } = await world();
    await addSession(server);
    assert.ok(existsSync(lockFile));
    app.quit();
    assert.equal(await app.exited, 0);
    assert.deepEqual(dialog.shown, []);
    assert.deepEqual(order, ['save window', 'close']);
    assert.equal(await isServing(server.url), false);
    assert.equal(existsSync(lockFile), false, 'the store released its lock');
  });

  test('a run going: asks; Cancel keeps everything running', async () => {
    const { server, app, dialog, quit, isClosed } = await world();
    const session = await addSession(server, 'Refactor parser');
    await setStatus(server, session.id, 'running');
    dialog.answers.push(1);
    const event = fakeEvent();
    app.emit('before-quit', event);
    assert.equal(event.defaultPrevented, true, 'Electron must not quit on its own');
    await quit.quit();
    assert.equal(dialog.shown.length, 1);
    assert.match(dialog.shown[0]?.message ?? '', /A run is still going in "Refactor parser"/);
    assert.equal(app.exitCode, null);
    assert.equal(isClosed(), false);
    assert.equal(quit.phase, 'running');
    assert.ok(await isServing(server.url));
  });

  test('a run going: asks; Quit closes the server and exits', async () => {
    const { server, app, dialog, order } = await world();
    const session = await addSession(server);
    await setStatus(server, session.id, 'running');
    dialog.answers.push(0);
    app.quit();
    assert.equal(await app.exited, 0);
    assert.equal(dialog.shown.length, 1);
    assert.deepEqual(order, ['save window', 'close']);
    assert.equal(await isServing(server.url), false);
  });

  test('quitting again while the question is open asks only once', async () => {
    const { server, app, dialog, quit } = await world();
    await setStatus(server, (await addSession(server)).id, 'queued');
    dialog.holdAnswers = true;
    app.quit();
    app.quit();
    app.quit();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(dialog.shown.length, 1);
    assert.equal(quit.phase, 'confirming');
    dialog.answer(0);
    assert.equal(await app.exited, 0);
  });

  test('a signal quits without asking, through the same orderly close', async () => {
    const { server, app, dialog, quit, order } = await world();
    await setStatus(server, (await addSession(server)).id, 'running');
    await quit.quit({ ask: false });
    assert.equal(app.exitCode, 0);
    assert.deepEqual(dialog.shown, []);
    assert.deepEqual(order, ['save window', 'close']);
  });

  test('once closing has begun, Electron is never let quit early', async () => {
    const { app, quit } = await world();
    const closing = quit.quit();
    const event = fakeEvent();
    app.emit('before-quit', event);
    assert.equal(event.defaultPrevented, true);
    await closing;
    assert.equal(app.exitCode, 0);
  });

  test('quitting before the server started just exits', async () => {
    const app = new FakeApp('/nowhere');
    const dialog = new FakeDialog();
    installQuitHandler({
      app,
      server: () => null,
      confirm: async () => true,
      log: () => undefined,
    });
    app.quit();
    assert.equal(await app.exited, 0);
    assert.deepEqual(dialog.shown, []);
  });
});

describe('activeSessions', () => {
  test('lists running and queued sessions across projects, archived ones included', async () => {
    const { server } = await world();
    const idle = await addSession(server, 'Idle one');
    const running = await addSession(server, 'Running one');
    const queued = await addSession(server, 'Queued one');
    const failed = await addSession(server, 'Failed one');
    await setStatus(server, running.id, 'running');
    await setStatus(server, queued.id, 'queued');
    await setStatus(server, failed.id, 'error');
    await server.services.sessions.setArchived(running.id, true);
    const names = activeSessions(server.services)
      .map((session) => session.name)
      .sort();
    assert.deepEqual(names, ['Queued one', 'Running one']);
    assert.ok(!names.includes(idle.name));
  });

  test('the question names up to three sessions and says what quitting does', () => {
    const sessions = ['A', 'B', 'C', 'D', 'E'].map(
      (name) => ({ name }) as Parameters<typeof confirmQuitDialog>[0][number],
    );
    const options = confirmQuitDialog(sessions);
    assert.equal(options.message, '5 runs are still going: "A", "B", "C", 2 more.');
    assert.match(options.detail ?? '', /stops the agents/);
    assert.deepEqual(options.buttons, ['Quit and Stop Runs', 'Cancel']);
    assert.equal(options.cancelId, 1);
    assert.equal(options.defaultId, 1, 'Enter must not stop runs by accident');
  });
});
