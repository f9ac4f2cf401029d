import assert from 'node:assert/strict';
import { constants } from 'node:fs';
import { appendFile, readFile, stat } from 'node:fs/promises';
import { after, describe, test } from 'node:test';
import type { Session } from '../contract/index.js';
import { logSize, named, names, openShard } from '../test-support/shard-fixture.js';
import { removeDataDirs } from '../test-support/store-fixture.js';
import { StorageWriteError } from './durable-file.js';
import { realFiles, type FileHandleLike, type FileLayer } from './file-layer.js';
import { logPath } from './session-shard.js';

const eio = (what: string) => Object.assign(new Error(`EIO: simulated, ${what}`), { code: 'EIO' });

/**
 * The real file system, with faults to switch on: the snapshot's rename or its folder's fsync
 * fails, or the next append waits for `release` and then fails. Counts compaction attempts (the
 * snapshot's temp files opened).
 */
function faultyFiles() {
  const faults = { rename: false, folderSync: false, compactions: 0 };
  let heldAppend: { started: () => void; release: Promise<void> } | null = null;
  const files: FileLayer = {
    ...realFiles,
    rename: (from, to) =>
      faults.rename ? Promise.reject(eio('rename')) : realFiles.rename(from, to),
    open: async (name, flags, mode) => {
      const handle = await realFiles.open(name, flags, mode);
      if (name.endsWith('.tmp')) faults.compactions += 1;
      const wrapped: FileHandleLike = Object.create(handle) as FileHandleLike;
      if (flags === constants.O_RDONLY && faults.folderSync) {
        wrapped.sync = () => Promise.reject(eio('fsync'));
      }
      wrapped.appendFile = async (data) => {
        const held = heldAppend;
        if (!held) return handle.appendFile(data);
        heldAppend = null;
        held.started();
        await held.release;
        throw eio('append');
      };
      return wrapped;
    },
  };
  /** The next append waits; resolves once it started, with the function that lets it fail. */
  const holdNextAppend = () =>
    new Promise<() => void>((started) => {
      let release = () => undefined as void;
      const released = new Promise<void>((resolve) => (release = resolve));
      heldAppend = { started: () => started(release), release: released };
    });
  return { files, faults, holdNextAppend };
}

const rename = (index: number, name: string) => (list: Session[]) => {
  list[index] = { ...(list[index] as Session), name };
};
/**
 * Write with `step` until `done` holds, at most `limit` times: a shard that never compacts must
 * fail the test, not hang it.
 */
async function writeUntil(
  done: () => boolean | Promise<boolean>,
  step: (round: number) => Promise<unknown>,
  limit = 120,
): Promise<number> {
  for (let round = 0; round < limit; round++) {
    if (await done()) return round;
    await step(round);
  }
  return assert.fail(`still not done after ${limit} writes`);
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

describe('a session shard folds its log into its snapshot', () => {
  after(removeDataDirs);

  test('closing folds the log, and writes after a reopen follow the snapshot', async () => {
    const { shard, file, reopen } = await openShard({});
    await shard.close();
    assert.equal(await exists(file), false, 'nothing logged, nothing written');
    const again = await reopen();
    await again.update((list) => list.push(named('a')));
    await again.close();
    assert.equal(await logSize(file), 0);
    const snapshot = JSON.parse(await readFile(file, 'utf8')) as { sessions: Session[] };
    assert.deepEqual(names(snapshot.sessions), ['a']);
    const third = await reopen();
    await third.close();
    assert.equal(await exists(`${file}.bak`), false, 'an empty log is not folded again');
    const fourth = await reopen();
    await fourth.update((list) => list.push(named('b')));
    assert.deepEqual(names((await reopen()).sessions), ['a', 'b']);
  });

  test('closing waits for a write in flight and folds it too', async () => {
    const { shard, file, reopen } = await openShard({});
    const write = shard.update((list) => list.push(named('in flight')));
    await shard.close();
    await write;
    assert.equal(await logSize(file), 0);
    assert.deepEqual(names((await reopen()).sessions), ['in flight']);
  });

  test('writes are numbered on across reopens, so a log left by a crash is not replayed over newer ones', async () => {
    const { shard, file, reopen } = await openShard({});
    await shard.update((list) => list.push(named('v1')));
    await shard.close();
    const second = await reopen();
    for (const name of ['v2', 'v3', 'v4', 'v5']) await second.update(rename(0, name));
    const third = await reopen();
    await third.update(rename(0, 'v6'));
    const leftover = await readFile(logPath(file));
    await third.close();
    // A crash between the snapshot's rename and the log's truncation leaves the old lines.
    await appendFile(logPath(file), leftover);
    assert.deepEqual(names((await reopen()).sessions), ['v6']);
  });

  test('a log exactly as long as the threshold is folded', async () => {
    const measured = await openShard({});
    await measured.shard.update((list) => list.push(named('same length')));
    const { shard, file } = await openShard({ compactBytes: await logSize(measured.file) });
    await shard.update((list) => list.push(named('same length')));
    await shard.flushed();
    assert.equal(await logSize(file), 0);
  });

  test('a long log is folded between writes, then grows again', async () => {
    const { shard, file, reopen } = await openShard({ compactBytes: 2000 });
    const push = () => shard.update((list) => list.push(named('s'))).then(() => shard.flushed());
    await push();
    const written = await writeUntil(async () => (await logSize(file)) === 0, push, 20);
    assert.ok(written > 1, `folded without a close after ${written + 1} writes`);
    await shard.update(rename(0, 'after'));
    await shard.flushed();
    assert.ok((await logSize(file)) > 0, 'the next write is logged, not folded');
    assert.deepEqual((await reopen()).sessions, shard.sessions);
  });

  test('a snapshot longer than the least threshold waits for a log as long as itself', async () => {
    const { shard, file, reopen } = await openShard({ compactBytes: 1000 });
    await shard.update((list) => list.push(...Array.from({ length: 40 }, () => named('s'))));
    await shard.flushed();
    const snapshotBytes = (await stat(file)).size;
    const writeUntilFolded = async (opened: typeof shard) => {
      let logged = 0;
      await writeUntil(
        async () => {
          const size = await logSize(file);
          if (size > 0) logged = size;
          return logged > 0 && size === 0;
        },
        (round) => opened.update(rename(round % 40, `r${round}`)).then(() => opened.flushed()),
      );
      return logged;
    };
    const longest = await writeUntilFolded(shard);
    assert.ok(
      longest >= snapshotBytes * 0.8,
      `folded at ${longest} B, snapshot ${snapshotBytes} B`,
    );
    // Reopened, its size is estimated from its sessions rather than measured.
    const again = await reopen();
    const afterReopen = await writeUntilFolded(again);
    assert.ok(afterReopen >= snapshotBytes * 0.5, `folded at ${afterReopen} B after a reopen`);
  });

  for (const fault of ['rename', 'folderSync'] as const) {
    test(`a compaction that fails (${fault}) keeps the log and is retried once the log doubled`, async () => {
      const { files, faults } = faultyFiles();
      const { shard, file, reopen, logs } = await openShard({ files, compactBytes: 2000 });
      await shard.update((list) => list.push(named('s'), named('t')));
      faults[fault] = true;
      await writeUntil(
        () => faults.compactions > 0,
        () => shard.update(rename(0, 'x')).then(() => shard.flushed()),
      );
      faults[fault] = false;
      const what = fault === 'rename' ? 'could not compact' : 'saved, but compact';
      assert.ok(
        logs.some((line) => line.includes(what) && line.includes('its log is kept')),
        logs.join('\n'),
      );
      const failedAt = await logSize(file);
      assert.ok(failedAt > 0, 'the log is kept');
      await writeUntil(
        async () => (await logSize(file)) >= 2 * failedAt - 700,
        async () => {
          await shard.update(rename(1, 'y'));
          await shard.flushed();
          assert.equal(faults.compactions, 1, 'not retried before the log doubled');
        },
      );
      await writeUntil(
        () => faults.compactions > 1,
        (round) => shard.update(rename(1, `z${round}`)).then(() => shard.flushed()),
      );
      assert.equal(await logSize(file), 0, 'retried and folded');
      assert.deepEqual((await reopen()).sessions, shard.sessions);
    });
  }

  test('a compaction that failed is done at close', async () => {
    const { files, faults } = faultyFiles();
    const { shard, file, reopen } = await openShard({ files, compactBytes: 2000 });
    faults.rename = true;
    await writeUntil(
      () => faults.compactions > 0,
      () => shard.update((list) => list.push(named('s'))).then(() => shard.flushed()),
    );
    faults.rename = false;
    await shard.close();
    assert.equal(await logSize(file), 0);
    assert.deepEqual((await reopen()).sessions, shard.sessions);
  });

  test('a change made while a failing write is in flight is undone and fails too', async () => {
    const { files, holdNextAppend } = faultyFiles();
    const { shard, reopen, logs } = await openShard({ files });
    await shard.update((list) => list.push(named('saved')));
    const held = holdNextAppend();
    const first = shard.update((list) => list.push(named('in flight')));
    const release = await held;
    const late = named('made during the flight');
    const second = shard.update((list) => list.push(late));
    release();
    const isEio = (error: unknown) => error instanceof StorageWriteError && error.code === 'EIO';
    await assert.rejects(first, isEio);
    await assert.rejects(second, isEio);
    assert.deepEqual(names(shard.sessions), ['saved']);
    assert.equal(shard.get(late.id), undefined);
    assert.ok(logs.some((line) => line.includes('undone in memory')));
    assert.deepEqual(names((await reopen()).sessions), ['saved']);
  });

  test('a reorder undone by a failed write leaves no order for a later write to carry', async () => {
    const { files, holdNextAppend } = faultyFiles();
    const { shard, file, reopen } = await openShard({ files });
    await shard.update((list) => list.push(...Array.from({ length: 200 }, () => named('s'))));
    const before = await logSize(file);
    const held = holdNextAppend();
    const failing = shard.update(rename(0, 'lost'));
    const release = await held;
    const reorder = shard.update((list) => void list.reverse());
    release();
    await assert.rejects(failing, StorageWriteError);
    await assert.rejects(reorder, StorageWriteError);
    await shard.update(rename(1, 'saved'));
    const written = (await logSize(file)) - before;
    assert.ok(written < 1000, `${written} B for one renamed session of 200`);
    assert.deepEqual((await reopen()).sessions, shard.sessions);
  });
});
