import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { BRIDGE_CHANNELS } from './bridge.js';
import { DesktopStateFile } from './desktop-state.js';
import { startGrove } from './test-support/grove.js';
import { cleanUp, folder, launch, occupiedPort, onCleanUp } from './test-support/launch.js';

// The main process from launch to a window: server start, port conflict, single instance.

after(cleanUp);

describe('startup', () => {
  test('starts the server over the app-data folder and opens a locked-down window on it', async () => {
    const dataDir = await folder('grove-app-');
    const { desktop, app, windows, menus, starts } = await launch({
      dataDir,
      env: { GROVE_PORT: '0' },
    });
    assert.equal(await desktop.ready, true);
    assert.equal(app.getPath('userData'), dataDir);
    assert.deepEqual(starts, [0]);
    const server = desktop.server();
    assert.ok(server);
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(
      server.tokenFile,
      path.join(dataDir, 'token'),
      'the store lives in the app-data folder',
    );
    assert.ok(existsSync(path.join(dataDir, 'grove.lock')));
    assert.match(await (await fetch(`${server.url}/`)).text(), /<div id="root">/);

    assert.equal(windows.length, 1);
    const [window] = windows;
    assert.ok(window);
    assert.equal(window.loadedUrl, `${server.url}/`);
    assert.equal(window.visible, true);
    const prefs = window.options.webPreferences;
    assert.equal(prefs?.contextIsolation, true);
    assert.equal(prefs?.sandbox, true);
    assert.equal(prefs?.nodeIntegration, false);
    assert.equal(prefs?.webviewTag, false);
    assert.equal(prefs?.preload, '/app/dist/electron/preload.cjs');
    assert.deepEqual(
      menus[0]?.map((item) => item.role),
      ['fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help'],
    );
  });

  test('the page gets the token through the bridge, under a CSP for its real origin', async () => {
    const dataDir = await folder('grove-app-');
    const { desktop, ipc, session, windows, opened } = await launch({
      dataDir,
      env: { GROVE_PORT: '0' },
    });
    await desktop.ready;
    const server = desktop.server();
    assert.ok(server);
    assert.deepEqual(await ipc.invoke(`${server.url}/`, BRIDGE_CHANNELS.getConnection), {
      baseUrl: server.url,
      token: server.token,
    });
    await assert.rejects(
      ipc.invoke('https://evil.example/', BRIDGE_CHANNELS.getConnection),
      /refused/,
    );
    const csp = session.responseHeaders(`${server.url}/`)['Content-Security-Policy']?.[0] ?? '';
    assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${server.port};`));
    assert.equal(windows[0]?.webContents.navigate('https://example.com/'), false);
    assert.deepEqual(opened, ['https://example.com/']);
  });

  test("pickFolder opens the system's folder dialog and answers the folder chosen, null on cancel", async () => {
    const { desktop, ipc, dialog } = await launch({
      dataDir: await folder('grove-app-'),
      env: { GROVE_PORT: '0' },
    });
    await desktop.ready;
    const origin = `${desktop.server()?.url ?? ''}/`;
    dialog.pickedFolders.push('/home/you/code/app');
    assert.equal(await ipc.invoke(origin, BRIDGE_CHANNELS.pickFolder), '/home/you/code/app');
    assert.equal(await ipc.invoke(origin, BRIDGE_CHANNELS.pickFolder), null);
    assert.deepEqual(dialog.folderDialogs[0]?.properties, ['openDirectory', 'createDirectory']);
    await assert.rejects(
      ipc.invoke('https://evil.example/', BRIDGE_CHANNELS.pickFolder),
      /refused/,
    );
    assert.equal(dialog.folderDialogs.length, 2, 'no dialog for another origin');
  });

  test('a bad GROVE_PORT, or a data dir in use, is one error dialog and exit 1', async () => {
    const bad = await launch({
      dataDir: await folder('grove-app-'),
      env: { GROVE_PORT: 'eighty' },
    });
    assert.equal(await bad.desktop.ready, false);
    assert.equal(bad.app.exitCode, 1);
    assert.match(bad.dialog.errors[0]?.content ?? '', /GROVE_PORT must be a port/);

    const dataDir = await folder('grove-app-');
    const other = await startGrove(dataDir);
    onCleanUp(() => other.server.close());
    const locked = await launch({ dataDir, env: { GROVE_PORT: '0' } });
    assert.equal(await locked.desktop.ready, false);
    assert.equal(locked.app.exitCode, 1);
    assert.equal(locked.dialog.errors[0]?.title, 'Grove could not start');
    assert.match(locked.dialog.errors[0]?.content ?? '', /Another Grove process/);
    assert.deepEqual(locked.windows, []);
  });
});

describe('PATH', () => {
  test("the server starts with the login shell's PATH in front of the app's own", async () => {
    const dataDir = await folder('grove-app-');
    const { desktop, serverPaths } = await launch({
      dataDir,
      env: { GROVE_PORT: '0', PATH: '/usr/bin:/bin' },
      loginShellPath: async () => '/opt/homebrew/bin:/usr/bin',
    });
    assert.equal(await desktop.ready, true);
    assert.deepEqual(serverPaths, ['/opt/homebrew/bin:/usr/bin:/bin']);
  });

  test('a login shell that fails changes nothing', async () => {
    const dataDir = await folder('grove-app-');
    const { desktop, serverPaths } = await launch({
      dataDir,
      env: { GROVE_PORT: '0', PATH: '/usr/bin:/bin' },
      loginShellPath: async () => {
        throw new Error('zsh: command not found');
      },
    });
    assert.equal(await desktop.ready, true);
    assert.deepEqual(serverPaths, ['/usr/bin:/bin']);
  });
});

describe('port conflict', () => {
  test('the saved port is taken: offers another, uses it and remembers it for next launch', async () => {
    const dataDir = await folder('grove-app-');
    const taken = await occupiedPort();
    const state = DesktopStateFile.in(dataDir);
    await state.update({ port: taken });

    const first = await launch({ dataDir, answers: [0] });
    assert.equal(await first.desktop.ready, true);
    assert.equal(first.dialog.shown[0]?.message, `Port ${taken} is already in use`);
    const chosen = first.desktop.server()?.port ?? 0;
    assert.notEqual(chosen, taken);
    assert.equal(first.starts[0], taken);
    assert.equal((await DesktopStateFile.in(dataDir).load()).port, chosen);
    first.app.quit();
    assert.equal(await first.app.exited, 0);

    const second = await launch({ dataDir });
    assert.equal(await second.desktop.ready, true);
    assert.deepEqual(second.starts, [chosen]);
    assert.deepEqual(second.dialog.shown, []);
  });

  test('declining the offer quits cleanly, without a window', async () => {
    const dataDir = await folder('grove-app-');
    const taken = await occupiedPort();
    const { desktop, app, windows, dialog } = await launch({
      dataDir,
      env: { GROVE_PORT: String(taken) },
      answers: [1],
    });
    assert.equal(await desktop.ready, false);
    assert.equal(dialog.shown.length, 1);
    assert.equal(app.exitCode, 0);
    assert.deepEqual(windows, []);
    assert.equal(existsSync(path.join(dataDir, 'grove.lock')), false);
  });
});

describe('single instance', () => {
  test('a second launch quits at once without starting a server', async () => {
    const dataDir = await folder('grove-app-');
    const { desktop, app, starts, windows } = await launch({
      dataDir,
      lockAvailable: false,
      env: { GROVE_PORT: '0' },
    });
    assert.equal(await desktop.ready, false);
    assert.equal(app.quitCalls, 1);
    assert.equal(app.quitUnprevented, true);
    assert.deepEqual(starts, []);
    assert.deepEqual(windows, []);
  });

  test('the first instance brings its window forward when another launch is attempted', async () => {
    const dataDir = await folder('grove-app-');
    const { desktop, app, windows } = await launch({ dataDir, env: { GROVE_PORT: '0' } });
    await desktop.ready;
    const [window] = windows;
    assert.ok(window);
    window.minimized = true;
    window.focused = false;
    app.emit('second-instance', {}, ['grove'], '/');
    assert.equal(window.minimized, false);
    assert.equal(window.focused, true);
    assert.equal(windows.length, 1);
  });
});
