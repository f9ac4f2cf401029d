import assert from 'node:assert/strict';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { after, describe, test } from 'node:test';
import type { Session } from '../contract/index.js';
import { logSize, named, names, openShard } from '../test-support/shard-fixture.js';
import { removeDataDirs } from '../test-support/store-fixture.js';
import { StorageWriteError } from './durable-file.js';
import { realFiles, type FileLayer } from './file-layer.js';
import { logPath } from './session-shard.js';

describe('a session shard: a snapshot and an append-only log', () => {
  after(removeDataDirs);

  test('adds, replacements, removals and a new order all come back after a reopen', async () => {
    const { shard, reopen } = await openShard({});
    const [a, b, c] = [named('a'), named('b'), named('c')];
    await shard.update((list) => list.push(a, b, c));
    await shard.update((list) => {
      list[1] = { ...b, name: 'b renamed' };
    });
    await shard.update((list) => list.splice(0, 1));
    await shard.update((list) => list.reverse());
    await shard.update((list) => list.unshift(named('first')));
    assert.deepEqual(names(shard.sessions), ['first', 'c', 'b renamed']);
    assert.equal(shard.get(c.id), c);
    assert.equal(shard.get(a.id), undefined);
    const reopened = await reopen();
    assert.deepEqual(reopened.sessions, shard.sessions);
    assert.deepEqual(reopened.get(c.id), c);
  });

  test('a write appends about the same bytes with 10 or 2,000 sessions', async () => {
    const growth = async (count: number) => {
      const { shard, file } = await openShard({});
      await shard.update((list) =>
        list.push(...Array.from({ length: count }, (_, i) => named(`s${i}`))),
      );
      // Adding them all made a long log, compacted between writes.
      await shard.flushed();
      const before = await logSize(file);
      await shard.update((list) => {
        list[count - 1] = { ...(list[count - 1] as Session), name: 'renamed' };
      });
      return (await logSize(file)) - before;
    };
    const [small, large] = [await growth(10), await growth(2000)];
    assert.ok(Math.abs(large - small) < 20, `10 sessions: ${small} B, 2,000: ${large} B`);
  });

  test('writes made together share one fsynced line', async () => {
    const { shard, file, reopen } = await openShard({});
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) => shard.update((list) => list.push(named(name)))),
    );
    const lines = (await readFile(logPath(file), 'utf8')).trim().split('\n');
    assert.ok(lines.length <= 2, `${lines.length} lines`);
    assert.deepEqual(names((await reopen()).sessions), ['a', 'b', 'c', 'd']);
  });

  test('a long log is folded into the snapshot, and a log left beside it is not replayed twice', async () => {
    const { shard, file, reopen } = await openShard({ compactBytes: 2000 });
    await shard.update((list) => list.push(named('kept'), named('doomed')));
    const leftover = await readFile(logPath(file));
    for (let round = 0; round < 5; round++) {
      await shard.update((list) => {
        list[0] = { ...(list[0] as Session), name: `kept ${round}` };
      });
    }
    await shard.update((list) => list.splice(1, 1));
    await shard.flushed();
    await shard.close();
    assert.equal(await logSize(file), 0, 'compacted');
    const snapshot = JSON.parse(await readFile(file, 'utf8')) as { sessions: Session[] };
    assert.deepEqual(names(snapshot.sessions), ['kept 4']);
    // A crash between the snapshot's rename and the log's truncation leaves old lines behind.
    await appendFile(logPath(file), leftover);
    assert.deepEqual(names((await reopen()).sessions), ['kept 4']);
  });

  test('a torn last line is dropped and cut off; the next write follows the whole lines', async () => {
    const { shard, file, reopen, logs } = await openShard({});
    await shard.update((list) => list.push(named('saved')));
    await appendFile(logPath(file), '{"seq":2,"put":[{"id":"half');
    const again = await reopen();
    assert.deepEqual(names(again.sessions), ['saved']);
    assert.ok(logs.some((line) => /unreadable bytes/.test(line)));
    await again.update((list) => list.push(named('next')));
    assert.deepEqual(names((await reopen()).sessions), ['saved', 'next']);
  });

  test('a failed append undoes the change in memory, fails its caller, and a retry saves', async () => {
    const disk = { broken: false };
    const files: FileLayer = {
      ...realFiles,
      open: async (name, flags, mode) => {
        const handle = await realFiles.open(name, flags, mode);
        return Object.assign(Object.create(handle) as typeof handle, {
          appendFile: (data: Uint8Array) =>
            disk.broken
              ? Promise.reject(Object.assign(new Error('EIO: simulated'), { code: 'EIO' }))
              : handle.appendFile(data),
        });
      },
    };
    const { shard, reopen } = await openShard({ files });
    await shard.update((list) => list.push(named('saved')));
    disk.broken = true;
    await assert.rejects(
      shard.update((list) => list.push(named('lost'))),
      (error) => error instanceof StorageWriteError && error.code === 'EIO',
    );
    assert.deepEqual(names(shard.sessions), ['saved']);
    disk.broken = false;
    await shard.update((list) => list.push(named('retried')));
    assert.deepEqual(names((await reopen()).sessions), ['saved', 'retried']);
    // The first write after a reopen fails: back to what was loaded.
    const reopened = await reopen();
    disk.broken = true;
    await assert.rejects(reopened.update((list) => list.splice(0, 1, named('lost'))));
    assert.deepEqual(names(reopened.sessions), ['saved', 'retried']);
  });

  test('a shard whose snapshot was never written loads from its log alone', async () => {
    const { shard, file, reopen } = await openShard({});
    await shard.update((list) => list.push(named('only logged')));
    await assert.rejects(readFile(file), /ENOENT/);
    assert.deepEqual(names((await reopen()).sessions), ['only logged']);
    await writeFile(logPath(file), '{"seq":1,"put":[{"id":"not a session"}],"delete":[]}\n');
    await assert.rejects(reopen(), /cannot read: Invalid/);
  });
});
