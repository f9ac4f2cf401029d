import assert from 'node:assert/strict';
import { appendFile, mkdir, readdir, readFile, rename, rm, symlink } from 'node:fs/promises';
import { renameSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { z } from 'zod';
import type { Message } from '../contract/index.js';
import { removeDir, tempDir } from '../test-support/harness.js';
import { mountTinyDisk, SKIP_WITHOUT_MOUNT } from '../test-support/tiny-disk.js';
import { StorageWriteError } from './durable-file.js';
import { JsonDocument } from './json-document.js';
import { Store } from './store.js';
import { TranscriptFile } from './transcript.js';

const List = z.object({ schema_version: z.literal(1), items: z.array(z.string()) });
type List = z.infer<typeof List>;

/** The failure a caller of a rolled-back write must see: Grove's own error, with errno code. */
function isStorageError(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof StorageWriteError, String(error));
    assert.equal(error.code, code);
    return true;
  };
}

function message(sessionId: string, text: string): Message {
  return {
    id: crypto.randomUUID(),
    session_id: sessionId,
    role: 'user',
    created_at: 1_700_000_000,
    run_id: null,
    parts: [{ type: 'text', text }],
    status: 'complete',
  };
}

describe('a failed write never leaves memory ahead of the disk', () => {
  const dirs: string[] = [];
  after(async () => {
    await Promise.all(dirs.map(removeDir));
  });

  /**
   * A document in `<temp>/docs/list.json`. Moving `docs` away makes every write fail for real
   * (ENOENT when the temp file is created); moving it back heals it.
   */
  async function listDocument(log: (line: string) => void = () => undefined) {
    const root = await tempDir('grove-write-failure-');
    dirs.push(root);
    const folder = path.join(root, 'docs');
    const away = path.join(root, 'away');
    await mkdir(folder);
    const file = path.join(folder, 'list.json');
    const document = await JsonDocument.open<List>({
      file,
      schema: List,
      version: 1,
      migrations: [],
      initial: () => ({ schema_version: 1, items: [] }),
      log,
    });
    const onDisk = async () => (JSON.parse(await readFile(file, 'utf8')) as List).items;
    return {
      document,
      onDisk,
      breakDisk: () => rename(folder, away),
      healDisk: () => rename(away, folder),
      healDiskNow: () => renameSync(away, folder),
    };
  }

  test('the change is undone in memory and its caller gets the error; a retry then saves', async () => {
    const { document, onDisk, breakDisk, healDisk } = await listDocument();
    await document.update((data) => data.items.push('saved'));
    await breakDisk();

    await assert.rejects(
      document.update((data) => data.items.push('lost')),
      isStorageError('ENOENT'),
    );
    assert.deepEqual(document.data.items, ['saved'], 'memory is back to what the disk has');

    await healDisk();
    await document.update((data) => data.items.push('retried'));
    assert.deepEqual(document.data.items, ['saved', 'retried']);
    assert.deepEqual(await onDisk(), ['saved', 'retried']);
  });

  test('every change of a failed group commit fails, and the next good write does not resurrect any', async () => {
    const logs: string[] = [];
    let onRollback = () => {};
    const disk = await listDocument((line) => {
      logs.push(line);
      onRollback();
    });
    const { document, onDisk, breakDisk } = disk;
    await document.update((data) => data.items.push('saved'));
    await breakDisk();

    // `first` starts a write at once; `second` and `third` wait for the next one meanwhile.
    const first = document.update((data) => data.items.push('first'));
    const second = document.update((data) => data.items.push('second'));
    const third = document.update((data) => data.items.push('third'));
    let afterRollback: Promise<number> | null = null;
    onRollback = () => {
      // The moment `first` failed: the disk works again before the waiting write starts, and a
      // change made now (after the rollback) joins that write.
      onRollback = () => {};
      disk.healDiskNow();
      assert.deepEqual(document.data.items, ['saved'], 'rolled back before anyone else runs');
      afterRollback = document.update((data) => data.items.push('after'));
    };

    const outcomes = await Promise.allSettled([first, second, third]);
    for (const outcome of outcomes) {
      assert.equal(outcome.status, 'rejected');
      assert.ok(isStorageError('ENOENT')(outcome.reason));
    }
    assert.ok(afterRollback, 'the rollback ran');
    await afterRollback;
    assert.deepEqual(document.data.items, ['saved', 'after']);
    assert.deepEqual(await onDisk(), ['saved', 'after'], 'the later write left the wiped out');
    assert.equal(logs.length, 1, logs.join('\n'));
    assert.match(logs[0] ?? '', /undone in memory/);
  });

  test('a failed append is not cached or served, and later appends and a restart are clean', async () => {
    const dataDir = await tempDir('grove-append-failure-');
    dirs.push(dataDir);
    const sessionId = crypto.randomUUID();
    const kept = message(sessionId, 'kept');
    let store = await Store.open({ dataDir, log: () => undefined });
    await store.appendMessage(kept);
    assert.deepEqual(await store.readMessages(sessionId), [kept], 'now cached');

    // A real ENOSPC: the transcript's path leads to /dev/full.
    const file = path.join(dataDir, 'transcripts', `${sessionId}.jsonl`);
    await rename(file, `${file}.real`);
    await symlink('/dev/full', file);
    await assert.rejects(store.appendMessage(message(sessionId, 'lost')), isStorageError('ENOSPC'));
    assert.deepEqual(await store.readMessages(sessionId), [kept]);

    await rm(file);
    await rename(`${file}.real`, file);
    const later = message(sessionId, 'later');
    await store.appendMessage(later);
    assert.deepEqual(await store.readMessages(sessionId), [kept, later]);
    await store.close();
    store = await Store.open({ dataDir, log: () => undefined });
    assert.deepEqual(await store.readMessages(sessionId), [kept, later]);
    await store.close();
  });

  test('a fragment at the end of a transcript is cut off before the next append', async () => {
    const dir = await tempDir('grove-transcript-fragment-');
    dirs.push(dir);
    const logs: string[] = [];
    const sessionId = crypto.randomUUID();
    const transcript = new TranscriptFile(path.join(dir, 'fragment.jsonl'), (line) =>
      logs.push(line),
    );
    const first = message(sessionId, 'first');
    await transcript.append(first);
    // What a crash mid-append (or a failed append whose clean-up failed too) leaves behind.
    await appendFile(transcript.file, '{"id":"torn');

    const next = message(sessionId, 'next');
    await transcript.append(next);
    assert.deepEqual(await transcript.readAll(), [first, next]);
    assert.ok(
      logs.some((line) => line.includes('11 unreadable bytes')),
      logs.join('\n'),
    );
  });

  test('an append cut short by a full disk leaves no part of its line behind', async (t) => {
    const disk = await mountTinyDisk(256);
    if (!disk) return t.skip(SKIP_WITHOUT_MOUNT);
    try {
      const sessionId = crypto.randomUUID();
      const transcript = new TranscriptFile(path.join(disk.dir, 'cut.jsonl'), () => undefined);
      const first = message(sessionId, 'first');
      await transcript.append(first);
      const before = await readFile(transcript.file);
      await disk.fill();

      // Longer than the free end of the file's last block: part of it is written, then ENOSPC.
      const big = message(sessionId, 'x'.repeat(20_000));
      await assert.rejects(transcript.append(big), isStorageError('ENOSPC'));
      assert.deepEqual(await readFile(transcript.file), before, 'the torn part was cut off');

      await disk.free();
      const next = message(sessionId, 'next');
      await transcript.append(next);
      assert.deepEqual(await transcript.readAll(), [first, next]);
      assert.deepEqual(
        (await readdir(disk.dir)).sort(),
        ['cut.jsonl'],
        'nothing else left on the disk',
      );
    } finally {
      await disk.unmount();
    }
  });
});
