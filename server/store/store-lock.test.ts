// The data dir lock: one store per data dir, stale locks taken over, released on close.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { dataDir, removeDataDirs, removeLater } from '../test-support/store-fixture.js';
import { DataDirLockedError } from './lock.js';
import { Store } from './store.js';

after(removeDataDirs);

describe('store: one owner per data dir', () => {
  test('a second open while the first is open fails with DataDirLockedError; after close it works', async () => {
    const dir = await dataDir();
    const first = await Store.open({ dataDir: dir, log: () => undefined });
    await assert.rejects(Store.open({ dataDir: dir, log: () => undefined }), (error: unknown) => {
      assert.ok(error instanceof DataDirLockedError);
      assert.match(error.message, new RegExp(`pid ${process.pid}`));
      return true;
    });
    // Through a symlink it is still the same folder.
    const link = `${dir}-link`;
    removeLater(link);
    await symlink(dir, link);
    await assert.rejects(Store.open({ dataDir: link, log: () => undefined }), DataDirLockedError);
    assert.equal(await readFile(path.join(dir, 'grove.lock'), 'utf8'), String(process.pid));
    await first.close();
    const second = await Store.open({ dataDir: dir, log: () => undefined });
    await second.close();
  });

  test('a lock held by another live process is respected', async () => {
    const dir = await dataDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
      stdio: 'ignore',
    });
    try {
      await writeFile(path.join(dir, 'grove.lock'), String(other.pid));
      await assert.rejects(Store.open({ dataDir: dir, log: () => undefined }), (error: unknown) => {
        assert.ok(error instanceof DataDirLockedError);
        assert.match(error.message, new RegExp(`pid ${other.pid}\\).*--data-dir`));
        return true;
      });
    } finally {
      other.kill('SIGKILL');
      await once(other, 'exit');
    }
    // Its owner is gone now: the stale lock is taken over.
    const store = await Store.open({ dataDir: dir, log: () => undefined });
    assert.equal(await readFile(path.join(dir, 'grove.lock'), 'utf8'), String(process.pid));
    await store.close();
  });

  test('stale locks are taken over: our own pid from an earlier life, garbage, an empty file', async () => {
    for (const content of [String(process.pid), 'garbage', '']) {
      const dir = await dataDir();
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'grove.lock'), content);
      const store = await Store.open({ dataDir: dir, log: () => undefined });
      await store.close();
    }
  });

  test('open creates the data dir, its folders and the empty catalog; close releases the lock', async () => {
    const dir = path.join(await dataDir(), 'nested', 'data');
    const store = await Store.open({ dataDir: dir, log: () => undefined });
    assert.equal(store.dataDir, dir);
    // The search index file comes with the first read of the index, after the server listens.
    assert.deepEqual((await readdir(dir)).sort(), [
      'catalog.json',
      'grove.lock',
      'sessions',
      'transcripts',
    ]);
    await store.close();
    assert.deepEqual((await readdir(dir)).sort(), ['catalog.json', 'sessions', 'transcripts']);
  });
});
