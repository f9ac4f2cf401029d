import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { dataDir, removeDataDirs } from '../test-support/store-fixture.js';
import {
  FolderSyncError,
  isCode,
  readFileIfExists,
  StorageWriteError,
  syncDirectory,
  writeFileAtomic,
} from './durable-file.js';
import { realFiles, type FileLayer } from './file-layer.js';

function failure(code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** node's file system, except that hard links fail with `code`. */
const refusingLinks = (code: string): FileLayer => ({
  ...realFiles,
  link: () => Promise.reject(failure(code)),
});

describe('writeFileAtomic keeps the previous version as <file>.bak', () => {
  after(removeDataDirs);

  for (const code of ['EXDEV', 'EPERM', 'ENOTSUP']) {
    test(`where hard links fail with ${code}, the backup is a copy of the previous version`, async () => {
      const file = path.join(await dataDir(), 'doc.json');
      const files = refusingLinks(code);
      await writeFileAtomic(file, 'one', { keepBackup: true, files });
      assert.equal(
        await readFileIfExists(`${file}.bak`),
        null,
        'a first write has nothing to keep',
      );
      await writeFileAtomic(file, 'two', { keepBackup: true, files });
      await writeFileAtomic(file, 'three', { keepBackup: true, files });
      assert.equal(await readFile(file, 'utf8'), 'three');
      assert.equal(await readFile(`${file}.bak`, 'utf8'), 'two');
      assert.equal((await stat(`${file}.bak`)).nlink, 1, 'a copy, not a link');
    });
  }

  test('with links, the backup shares the previous version; without keepBackup there is none', async () => {
    const dir = await dataDir();
    const file = path.join(dir, 'doc.json');
    await writeFileAtomic(file, 'one', { keepBackup: true });
    await writeFileAtomic(file, 'two', { keepBackup: true });
    assert.equal(await readFile(`${file}.bak`, 'utf8'), 'one');
    const plain = path.join(dir, 'plain.json');
    await writeFileAtomic(plain, 'one');
    await writeFileAtomic(plain, 'two');
    assert.deepEqual((await readdir(dir)).sort(), ['doc.json', 'doc.json.bak', 'plain.json']);
  });

  test('any other link failure fails the write: the file keeps its old text, no temp file stays', async () => {
    const dir = await dataDir();
    const file = path.join(dir, 'doc.json');
    await writeFileAtomic(file, 'old', { keepBackup: true });
    await assert.rejects(
      writeFileAtomic(file, 'new', { keepBackup: true, files: refusingLinks('EIO') }),
      (error: unknown) => isCode(error, 'EIO'),
    );
    assert.equal(await readFile(file, 'utf8'), 'old');
    assert.deepEqual(await readdir(dir), ['doc.json']);
  });

  test('a copy that fails for another reason than a missing file fails the write', async () => {
    const dir = await dataDir();
    const file = path.join(dir, 'doc.json');
    await writeFileAtomic(file, 'old');
    const files: FileLayer = {
      ...refusingLinks('EPERM'),
      copyFile: () => Promise.reject(failure('ENOSPC')),
    };
    await assert.rejects(writeFileAtomic(file, 'new', { keepBackup: true, files }), /ENOSPC/);
    assert.equal(await readFile(file, 'utf8'), 'old');
  });

  test('files are private to their owner unless a mode is given', async () => {
    const dir = await dataDir();
    await writeFileAtomic(path.join(dir, 'private'), 'x');
    await writeFileAtomic(path.join(dir, 'shared'), 'x', { mode: 0o644 });
    assert.equal((await stat(path.join(dir, 'private'))).mode & 0o777, 0o600);
    assert.equal((await stat(path.join(dir, 'shared'))).mode & 0o777, 0o644);
  });

  test('two writes of one file at the same instant both complete, one of them whole', async () => {
    const file = path.join(await dataDir(), 'doc.json');
    const texts = Array.from({ length: 8 }, (_, index) => `text ${index} `.repeat(500));
    await Promise.all(texts.map((text) => writeFileAtomic(file, text)));
    assert.ok(texts.includes(await readFile(file, 'utf8')));
    assert.deepEqual(await readdir(path.dirname(file)), ['doc.json']);
  });

  test('a failed folder fsync is a FolderSyncError, after the new text is in place', async () => {
    const dir = await dataDir();
    const file = path.join(dir, 'doc.json');
    const files: FileLayer = {
      ...realFiles,
      open: async (target, flags, mode) => {
        if (target === dir) throw failure('EIO');
        return realFiles.open(target, flags, mode);
      },
    };
    const error = await writeFileAtomic(file, 'new', { files }).then(
      () => null,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof FolderSyncError, String(error));
    assert.equal(error.name, 'FolderSyncError');
    assert.match(error.message, new RegExp(`Could not fsync ${dir}: EIO: simulated`));
    assert.ok(isCode(error.cause, 'EIO'));
    assert.equal(await readFile(file, 'utf8'), 'new');
  });
});

describe('syncDirectory', () => {
  after(removeDataDirs);

  test('a folder that is gone is an error; a platform that cannot open folders is not', async () => {
    const dir = await dataDir();
    await assert.rejects(syncDirectory(path.join(dir, 'gone')), (error) => isCode(error, 'ENOENT'));
    for (const code of ['EISDIR', 'EPERM', 'EACCES']) {
      const files: FileLayer = { ...realFiles, open: () => Promise.reject(failure(code)) };
      await syncDirectory(dir, files);
    }
    const files: FileLayer = { ...realFiles, open: () => Promise.reject(failure('EIO')) };
    await assert.rejects(syncDirectory(dir, files), /EIO/);
  });

  test('the folder handle is closed, also when its fsync fails', async () => {
    const dir = await dataDir();
    let closed = 0;
    const opening = (failSync: boolean): FileLayer => ({
      ...realFiles,
      open: async (target, flags, mode) => {
        const handle = await realFiles.open(target, flags, mode);
        return {
          sync: () => (failSync ? Promise.reject(failure('EIO')) : handle.sync()),
          close: async () => {
            closed += 1;
            await handle.close();
          },
          readFile: () => handle.readFile(),
          stat: () => handle.stat(),
          read: (...args) => handle.read(...args),
          writeFile: (...args) => handle.writeFile(...args),
          appendFile: (...args) => handle.appendFile(...args),
          truncate: (...args) => handle.truncate(...args),
          datasync: () => handle.datasync(),
        };
      },
    });
    await syncDirectory(dir, opening(false));
    await assert.rejects(syncDirectory(dir, opening(true)), /EIO/);
    assert.equal(closed, 2);
  });
});

describe('reading and errors', () => {
  after(removeDataDirs);

  test('readFileIfExists: a missing file is null; any other read error is thrown', async () => {
    const dir = await dataDir();
    assert.equal(await readFileIfExists(path.join(dir, 'missing')), null);
    await mkdir(path.join(dir, 'folder'));
    await assert.rejects(readFileIfExists(path.join(dir, 'folder')), (e) => isCode(e, 'EISDIR'));
    await writeFile(path.join(dir, 'text'), 'héllo');
    assert.equal(await readFileIfExists(path.join(dir, 'text')), 'héllo');
  });

  test('isCode matches only errors that carry one of the codes', () => {
    assert.equal(isCode(failure('ENOENT'), 'EISDIR', 'ENOENT'), true);
    assert.equal(isCode(failure('ENOENT'), 'EISDIR'), false);
    assert.equal(isCode(null, 'ENOENT'), false);
    assert.equal(isCode('ENOENT', 'ENOENT'), false);
    assert.equal(isCode(new Error('ENOENT'), 'ENOENT'), false);
    assert.equal(isCode({ code: 28 }, '28'), true);
  });

  test('StorageWriteError carries the file, the cause and its system code', () => {
    const error = new StorageWriteError('/data/x.json', failure('ENOSPC'));
    assert.equal(error.name, 'StorageWriteError');
    assert.equal(error.code, 'ENOSPC');
    assert.equal(error.file, '/data/x.json');
    assert.equal(error.message, 'Could not write /data/x.json: ENOSPC: simulated');
    assert.ok(isCode(error.cause, 'ENOSPC'));
    const odd = new StorageWriteError('/data/x.json', 'disk on fire');
    assert.equal(odd.code, 'UNKNOWN');
    assert.equal(odd.message, 'Could not write /data/x.json: disk on fire');
    assert.equal(new StorageWriteError('/f', { code: 5 }).code, 'UNKNOWN');
    assert.equal(new StorageWriteError('/f', null).code, 'UNKNOWN');
  });
});
