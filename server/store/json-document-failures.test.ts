import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { z } from 'zod';
import { dataDir, removeDataDirs } from '../test-support/store-fixture.js';
import { isCode, StorageWriteError } from './durable-file.js';
import { realFiles, type FileLayer } from './file-layer.js';
import { JsonDocument, StoreCorruptError } from './json-document.js';
import { Store } from './store.js';

const List = z.object({ schema_version: z.literal(1), items: z.array(z.string()) });
type List = z.infer<typeof List>;

function open(file: string, files: FileLayer = realFiles, logs: string[] = []) {
  return JsonDocument.open<List>({
    file,
    schema: List,
    version: 1,
    migrations: [],
    initial: () => ({ schema_version: 1, items: [] }),
    log: (line) => logs.push(line),
    files,
  });
}

const listText = (...items: string[]) => JSON.stringify({ schema_version: 1, items });
const onDisk = async (file: string) => (JSON.parse(await readFile(file, 'utf8')) as List).items;

after(removeDataDirs);

describe('a document that cannot be read is never taken for a missing one', () => {
  test('a catalog that is a folder (EISDIR) stops the store from opening, and stays', async () => {
    const dir = await dataDir();
    await mkdir(path.join(dir, 'catalog.json'));
    await assert.rejects(Store.open({ dataDir: dir, log: () => undefined }), (error) =>
      isCode(error, 'EISDIR'),
    );
    assert.deepEqual((await readdir(dir)).sort(), ['catalog.json', 'sessions', 'transcripts']);
  });

  test('a read that fails (EIO) fails the open instead of starting empty', async () => {
    const file = path.join(await dataDir(), 'list.json');
    await writeFile(file, listText('kept'));
    const files: FileLayer = {
      ...realFiles,
      readFile: () => Promise.reject(Object.assign(new Error('EIO: simulated'), { code: 'EIO' })),
    };
    await assert.rejects(open(file, files), /EIO/);
    assert.deepEqual(await onDisk(file), ['kept']);
  });

  test('missing file and damaged backup: StoreCorruptError naming both, nothing written', async () => {
    const dir = await dataDir();
    const file = path.join(dir, 'list.json');
    await writeFile(`${file}.bak`, '{"schema_version":1,"items":[');
    const error = await open(file).then(
      () => null,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof StoreCorruptError, String(error));
    assert.equal(error.name, 'StoreCorruptError');
    assert.match(error.message, /list\.json is missing and no usable backup exists/);
    assert.match(error.message, /list\.json\.bak: invalid JSON/);
    assert.deepEqual(await readdir(dir), ['list.json.bak']);
  });

  test('damaged file and missing backup: StoreCorruptError saying it is damaged', async () => {
    const dir = await dataDir();
    const file = path.join(dir, 'list.json');
    await writeFile(file, '{"schema_version":1,"items":"not a list"}');
    await assert.rejects(open(file), (error: unknown) => {
      assert.ok(error instanceof StoreCorruptError);
      assert.match(error.message, /list\.json is damaged \(unexpected content: items /);
      assert.match(error.message, /list\.json\.bak: missing/);
      return true;
    });
    assert.deepEqual(await readdir(dir), ['list.json']);
  });

  test('a missing file with a good backup is restored from it, and says so', async () => {
    const dir = await dataDir();
    const file = path.join(dir, 'list.json');
    await writeFile(`${file}.bak`, listText('from backup'));
    const logs: string[] = [];
    const document = await open(file, realFiles, logs);
    assert.deepEqual(document.data.items, ['from backup']);
    assert.deepEqual(await onDisk(file), ['from backup']);
    assert.ok(logs.some((line) => /restored .*list\.json from its last good backup/.test(line)));
    assert.ok(!logs.some((line) => /moved it to/.test(line)), 'nothing to move aside');
  });
});

describe('a commit never reports a change the disk does not hold', () => {
  test('a commit made while an earlier write is in flight fails with it when that write fails', async () => {
    const file = path.join(await dataDir(), 'list.json');
    let failRename = false;
    let renameReached: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => (renameReached = resolve));
    let releaseRename: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (releaseRename = resolve));
    const files: FileLayer = {
      ...realFiles,
      rename: async (from, to) => {
        if (failRename) {
          failRename = false;
          renameReached();
          await released;
          throw Object.assign(new Error('EIO: simulated'), { code: 'EIO' });
        }
        await realFiles.rename(from, to);
      },
    };
    const document = await open(file, files);
    await document.update((data) => data.items.push('saved'));

    failRename = true;
    const first = document.update((data) => data.items.push('first'));
    await reached;
    // The first write is past its start: this change waits for a write of its own.
    const second = document.update((data) => data.items.push('second'));
    releaseRename();
    await assert.rejects(first, StorageWriteError);
    await assert.rejects(second, (error: unknown) => {
      assert.ok(error instanceof StorageWriteError);
      assert.equal(error.code, 'EIO');
      return true;
    });
    assert.deepEqual(document.data.items, ['saved']);
    assert.deepEqual(await onDisk(file), ['saved']);

    await document.update((data) => data.items.push('later'));
    assert.deepEqual(await onDisk(file), ['saved', 'later']);
  });

  test('a failed write undoes its change in memory, then a later write succeeds alone', async () => {
    const file = path.join(await dataDir(), 'list.json');
    let fail = false;
    const files: FileLayer = {
      ...realFiles,
      rename: (from, to) =>
        fail
          ? Promise.reject(Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' }))
          : realFiles.rename(from, to),
    };
    const logs: string[] = [];
    const document = await open(file, files, logs);
    fail = true;
    await assert.rejects(
      document.update((data) => data.items.push('lost')),
      (error: unknown) => error instanceof StorageWriteError && error.code === 'ENOSPC',
    );
    assert.deepEqual(document.data.items, []);
    assert.ok(logs.some((line) => /the unsaved changes were undone in memory too/.test(line)));
    fail = false;
    await document.update((data) => data.items.push('kept'));
    assert.deepEqual(await onDisk(file), ['kept']);
    await document.flushed();
  });
});

describe('flushed', () => {
  test('resolves once every commit asked for so far is on disk, or undone', async () => {
    const file = path.join(await dataDir(), 'list.json');
    let fail = false;
    const files: FileLayer = {
      ...realFiles,
      rename: (from, to) =>
        fail
          ? Promise.reject(Object.assign(new Error('EIO: simulated'), { code: 'EIO' }))
          : realFiles.rename(from, to),
    };
    const document = await open(file, files);
    const saved = document.update((data) => data.items.push('saved'));
    await document.flushed();
    assert.deepEqual(await onDisk(file), ['saved']);
    await saved;
    fail = true;
    const lost = document.update((data) => data.items.push('lost'));
    await document.flushed();
    assert.deepEqual(document.data.items, ['saved'], 'the failed change is already undone');
    await assert.rejects(lost, StorageWriteError);
  });
});
