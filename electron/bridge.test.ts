import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { BRIDGE_CHANNELS, registerBridge } from './bridge.js';
import { FakeIpc } from './test-support/fakes.js';

const ORIGIN = 'http://127.0.0.1:3456';

function bridge() {
  const ipc = new FakeIpc();
  const notices: { title: string; body: string }[] = [];
  const opened: string[] = [];
  const folders: string[] = [];
  registerBridge(ipc, () => ORIGIN, {
    connection: () => ({ baseUrl: ORIGIN, token: 'secret-token' }),
    notify: (notice) => notices.push(notice),
    openExternal: (url) => opened.push(url),
    openWorktree: (folder) => {
      if (folder !== '/work/repo-worktrees/a') throw new Error('not a worktree');
      folders.push(folder);
    },
    pickFolder: () => Promise.resolve('/home/you/code/app'),
  });
  return { ipc, notices, opened, folders };
}

describe('preload', () => {
  test('uses exactly the channels the main process handles', async () => {
    const source = await readFile(new URL('./preload.cts', import.meta.url), 'utf8');
    const used = [...source.matchAll(/'(grove:[a-z-]+)'/g)].map((match) => match[1]).sort();
    assert.deepEqual(used, Object.values(BRIDGE_CHANNELS).sort());
  });

  test('exposes one object of methods, never ipcRenderer itself', async () => {
    const source = await readFile(new URL('./preload.cts', import.meta.url), 'utf8');
    assert.equal(source.match(/exposeInMainWorld\(/g)?.length, 1);
    assert.match(source, /exposeInMainWorld\(\s*'grove',\s*Object\.freeze\(\{/);
    const exposed = source.slice(source.indexOf('exposeInMainWorld('));
    assert.doesNotMatch(exposed, /ipcRenderer\s*[,}]|:\s*ipcRenderer\b|ipcRenderer\.(on|send)\b/);
  });
});

describe('registerBridge', () => {
  test("hands Grove's own page the connection", async () => {
    const { ipc } = bridge();
    assert.deepEqual(await ipc.invoke(`${ORIGIN}/`, BRIDGE_CHANNELS.getConnection), {
      baseUrl: ORIGIN,
      token: 'secret-token',
    });
  });

  test('refuses every channel to any other frame', async () => {
    const { ipc, notices, opened } = bridge();
    for (const channel of Object.values(BRIDGE_CHANNELS)) {
      await assert.rejects(
        ipc.invoke('https://evil.example/', channel, 'https://a.example/'),
        /refused/,
      );
      await assert.rejects(ipc.invoke('http://127.0.0.1:9999/', channel, 'x'), /refused/);
      await assert.rejects(ipc.invoke(null, channel, 'x'), /refused/);
    }
    assert.deepEqual(notices, []);
    assert.deepEqual(opened, []);
  });

  test('notify takes strings only and trims long text', async () => {
    const { ipc, notices } = bridge();
    await ipc.invoke(ORIGIN, BRIDGE_CHANNELS.notify, 'Run finished', 'All tests pass');
    await ipc.invoke(ORIGIN, BRIDGE_CHANNELS.notify, 'Only a title');
    await ipc.invoke(ORIGIN, BRIDGE_CHANNELS.notify, 'x'.repeat(500), 'y'.repeat(5000));
    await assert.rejects(
      ipc.invoke(ORIGIN, BRIDGE_CHANNELS.notify, { toString: () => 'x' }, ''),
      TypeError,
    );
    assert.deepEqual(notices[0], { title: 'Run finished', body: 'All tests pass' });
    assert.deepEqual(notices[1], { title: 'Only a title', body: '' });
    assert.equal(notices[2]?.title.length, 200);
    assert.equal(notices[2]?.body.length, 1000);
  });

  test('openExternal opens web and mail links only', async () => {
    const { ipc, opened } = bridge();
    await ipc.invoke(ORIGIN, BRIDGE_CHANNELS.openExternal, 'https://example.com/docs');
    await ipc.invoke(ORIGIN, BRIDGE_CHANNELS.openExternal, 'mailto:team@example.com');
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 42]) {
      await assert.rejects(
        ipc.invoke(ORIGIN, BRIDGE_CHANNELS.openExternal, bad),
        /only http, https and mailto/,
      );
    }
    assert.deepEqual(opened, ['https://example.com/docs', 'mailto:team@example.com']);
  });

  test('openPath opens a worktree folder and refuses anything else', async () => {
    const { ipc, folders } = bridge();
    await ipc.invoke(ORIGIN, BRIDGE_CHANNELS.openPath, '/work/repo-worktrees/a');
    await assert.rejects(ipc.invoke(ORIGIN, BRIDGE_CHANNELS.openPath, '/etc'), /not a worktree/);
    await assert.rejects(ipc.invoke(ORIGIN, BRIDGE_CHANNELS.openPath, 42), /must be a string/);
    await assert.rejects(
      ipc.invoke('https://evil.example', BRIDGE_CHANNELS.openPath, '/work/repo-worktrees/a'),
      /refused/,
    );
    assert.deepEqual(folders, ['/work/repo-worktrees/a']);
  });
});
