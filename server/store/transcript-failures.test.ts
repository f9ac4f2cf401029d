// Transcript appends and retractions when the disk fails part-way, over an injected file layer.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { message } from '../test-support/crash-scenario.js';
import { dataDir, removeDataDirs } from '../test-support/store-fixture.js';
import { isCode, StorageWriteError } from './durable-file.js';
import { realFiles, type FileHandleLike, type FileLayer } from './file-layer.js';
import { TranscriptFile } from './transcript.js';

after(removeDataDirs);

const failure = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

/** node's file system, with some calls of the handles it opens replaced. */
function withHandles(change: (handle: FileHandleLike) => Partial<FileHandleLike>): FileLayer {
  return {
    ...realFiles,
    open: async (file, flags, mode) => {
      const handle = await realFiles.open(file, flags, mode);
      const base: FileHandleLike = {
        writeFile: (data, encoding) => handle.writeFile(data, encoding),
        appendFile: (data) => handle.appendFile(data),
        read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position),
        readFile: () => handle.readFile(),
        stat: () => handle.stat(),
        truncate: (length) => handle.truncate(length),
        sync: () => handle.sync(),
        datasync: () => handle.datasync(),
        close: () => handle.close(),
      };
      return { ...base, ...change(base) };
    },
  };
}

/** Appends write half their line, then fail with ENOSPC, while `disk.full`. */
function halfFullDisk(options: { truncateFails?: boolean } = {}) {
  const disk = { full: false };
  const files = withHandles((handle) => ({
    appendFile: async (data) => {
      if (!disk.full) return handle.appendFile(data);
      await handle.appendFile(data.subarray(0, Math.floor(data.length / 2)));
      throw failure('ENOSPC');
    },
    truncate: (length) =>
      disk.full && options.truncateFails ? Promise.reject(failure('EIO')) : handle.truncate(length),
  }));
  return { disk, files };
}

async function transcriptOver(files: FileLayer) {
  const file = path.join(await dataDir(), 'session.jsonl');
  const logs: string[] = [];
  return { file, logs, transcript: new TranscriptFile(file, (line) => logs.push(line), files) };
}

const ids = async (transcript: TranscriptFile) => (await transcript.readAll()).map((m) => m.id);

describe('a failed append', () => {
  test('leaves no part of its line and fails with the system code', async () => {
    const { disk, files } = halfFullDisk();
    const { file, logs, transcript } = await transcriptOver(files);
    const kept = message('kept');
    await transcript.append(kept);
    disk.full = true;
    await assert.rejects(transcript.append(message('lost '.repeat(100))), (error: unknown) => {
      assert.ok(error instanceof StorageWriteError);
      assert.equal(error.code, 'ENOSPC');
      return true;
    });
    assert.equal(await readFile(file, 'utf8'), `${JSON.stringify(kept)}\n`);
    assert.ok(
      logs.some((line) => /ENOSPC.*the message was not saved/.test(line)),
      logs.join('\n'),
    );
    disk.full = false;
    const later = message('later');
    await transcript.append(later);
    assert.deepEqual(await ids(transcript), [kept.id, later.id]);
  });

  test('whose take-back fails too is cut off by the next append', async () => {
    const { disk, files } = halfFullDisk({ truncateFails: true });
    const { file, logs, transcript } = await transcriptOver(files);
    const kept = message('kept');
    await transcript.append(kept);
    disk.full = true;
    await assert.rejects(transcript.append(message('lost '.repeat(100))), StorageWriteError);
    assert.ok(logs.some((line) => /could not cut a failed append off/.test(line)));
    assert.notEqual(await readFile(file, 'utf8'), `${JSON.stringify(kept)}\n`, 'a fragment');
    disk.full = false;
    const later = message('later');
    await transcript.append(later);
    assert.equal(
      await readFile(file, 'utf8'),
      `${JSON.stringify(kept)}\n${JSON.stringify(later)}\n`,
    );
    assert.ok(
      logs.some((line) => /unreadable bytes \(a write cut short\); kept the \d+ bytes/.test(line)),
    );
  });

  test('a failed first append leaves an empty file that later appends fill', async () => {
    const { disk, files } = halfFullDisk();
    const { file, transcript } = await transcriptOver(files);
    disk.full = true;
    await assert.rejects(transcript.append(message('lost')), StorageWriteError);
    assert.equal(await readFile(file, 'utf8'), '');
    disk.full = false;
    const first = message('first');
    await transcript.append(first);
    assert.deepEqual(await ids(transcript), [first.id]);
  });
});

describe('the folder fsync of a new transcript', () => {
  test('a failure there is logged; the line is saved and the append resolves', async () => {
    const dir = await dataDir();
    const file = path.join(dir, 'session.jsonl');
    const files: FileLayer = {
      ...realFiles,
      open: (target, flags, mode) =>
        target === dir ? Promise.reject(failure('EIO')) : realFiles.open(target, flags, mode),
    };
    const logs: string[] = [];
    const transcript = new TranscriptFile(file, (line) => logs.push(line), files);
    const first = message('first');
    await transcript.append(first);
    assert.deepEqual(await ids(transcript), [first.id]);
    assert.ok(
      logs.some((line) => /saved .*session\.jsonl, but could not fsync its folder/.test(line)),
    );
  });
});

describe('retracting the last message', () => {
  test('cuts only that message, and only when it is the last one', async () => {
    const { transcript } = await transcriptOver(realFiles);
    const [a, b] = [message('a'), message('b')];
    await transcript.append(a);
    await transcript.append(b);
    await transcript.removeLast(a.id);
    assert.deepEqual(await ids(transcript), [a.id, b.id]);
    await transcript.removeLast(b.id);
    assert.deepEqual(await ids(transcript), [a.id]);
    await transcript.removeLast(a.id);
    assert.deepEqual(await ids(transcript), []);
  });

  test('a retraction that cannot be written is a StorageWriteError', async () => {
    const { transcript } = await transcriptOver(realFiles);
    await assert.rejects(transcript.removeLast('missing'), (error: unknown) => {
      assert.ok(error instanceof StorageWriteError);
      assert.ok(isCode(error.cause, 'ENOENT'));
      return true;
    });
  });

  test('remove deletes the file; reading it then is empty', async () => {
    const { file, transcript } = await transcriptOver(realFiles);
    await transcript.append(message('a'));
    await transcript.remove();
    await assert.rejects(readFile(file), (error) => isCode(error, 'ENOENT'));
    assert.deepEqual(await transcript.readAll(), []);
  });

  test('a read error other than a missing file is thrown', async () => {
    const files: FileLayer = { ...realFiles, readFile: () => Promise.reject(failure('EIO')) };
    const { transcript } = await transcriptOver(files);
    await assert.rejects(transcript.readAll(), /EIO/);
  });
});
