import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Session } from '../contract/index.js';
import { logSize, named, names, openShard } from '../test-support/shard-fixture.js';
import { dataDir, removeDataDirs } from '../test-support/store-fixture.js';
import { StoreCorruptError } from './json-document.js';
import { logPath } from './session-shard.js';

const line = (entry: object) => `${JSON.stringify(entry)}\n`;
const put = (seq: number, ...sessions: Session[]) => line({ seq, put: sessions, delete: [] });

/** A shard whose files hold `log` (and `snapshot`, if given) before it is opened. */
async function shardFrom(log: string, snapshot?: unknown) {
  const file = path.join(await dataDir(), 'shard.json');
  if (snapshot !== undefined) await writeFile(file, JSON.stringify(snapshot));
  await writeFile(logPath(file), log);
  return openShard({ file });
}

/** Lines a crash or a bug could leave that are not log entries: each is skipped, alone. */
const UNREADABLE = [
  'not json',
  'null',
  '5',
  '{"put":[],"delete":[]}',
  '{"seq":"2","put":[],"delete":[]}',
  '{"seq":9,"delete":[]}',
  '{"seq":9,"put":{},"delete":[]}',
  '{"seq":9,"put":[null],"delete":[]}',
  '{"seq":9,"put":[{"id":5}],"delete":[]}',
  '{"seq":9,"put":[]}',
  '{"seq":9,"put":[],"delete":"x"}',
  '{"seq":9,"put":[],"delete":[5]}',
  '{"seq":9,"put":[],"delete":[],"order":"x"}',
  '{"seq":9,"put":[],"delete":[],"order":[5]}',
  '{"seq":9,"put":[],"delete":[],"order":["x",5]}',
];

describe('a session shard reads its log', () => {
  after(removeDataDirs);

  for (const unreadable of UNREADABLE) {
    test(`an unreadable line is skipped and said, the others replayed: ${unreadable}`, async () => {
      const [a, b] = [named('a'), named('b')];
      const first = put(1, a);
      const { shard, reopen, logs } = await shardFrom(`${first}${unreadable}\n${put(2, b)}`);
      assert.deepEqual(names(shard.sessions), ['a', 'b']);
      const skipped = `skipped an unreadable line at byte ${Buffer.byteLength(first)} of`;
      assert.ok(
        logs.some((entry) => entry.includes(skipped)),
        logs.join('\n'),
      );
      await shard.update((list) => list.push(named('c')));
      assert.deepEqual(names((await reopen()).sessions), ['a', 'b', 'c']);
    });
  }

  test('each line holds just what its write changed', async () => {
    const { shard, file } = await openShard({});
    const [a, b] = [named('a'), named('b')];
    const lastLine = async () =>
      JSON.parse(
        (await readFile(logPath(file), 'utf8')).trim().split('\n').at(-1) ?? '',
      ) as unknown;
    await shard.update((list) => list.push(a, b));
    assert.deepEqual(await lastLine(), { seq: 1, put: [a, b], delete: [] });
    const renamed = { ...a, name: 'renamed' };
    await shard.update((list) => void (list[0] = renamed));
    assert.deepEqual(await lastLine(), { seq: 2, put: [renamed], delete: [] });
    await shard.update((list) => list.reverse());
    assert.deepEqual(await lastLine(), { seq: 3, put: [], delete: [], order: [b.id, a.id] });
    await shard.update((list) => list.splice(0, 1));
    assert.deepEqual(await lastLine(), { seq: 4, put: [], delete: [b.id] });
  });

  test('a clean log is created, read and appended to without cutting anything', async () => {
    const { shard, reopen, logs } = await openShard({});
    await shard.update((list) => list.push(named('a')));
    await shard.update((list) => list.push(named('b')));
    const again = await reopen();
    await again.update((list) => list.push(named('c')));
    assert.deepEqual(names((await reopen()).sessions), ['a', 'b', 'c']);
    assert.deepEqual(logs, []);
  });

  test('a log that cannot be read stops the open instead of reading as empty', async () => {
    const file = path.join(await dataDir(), 'shard.json');
    await mkdir(logPath(file));
    await assert.rejects(openShard({ file }), /EISDIR/);
  });

  test('a snapshot without a log position (before logs existed) takes every entry', async () => {
    const [a, b] = [named('a'), named('b')];
    const { shard } = await shardFrom(put(1, b), { schema_version: 1, sessions: [a] });
    assert.deepEqual(names(shard.sessions), ['a', 'b']);
  });

  test('an order that names unknown sessions or leaves some out keeps every known one', async () => {
    const [a, b, c] = [named('a'), named('b'), named('c')];
    const order = line({ seq: 2, put: [], delete: [], order: [c.id, named('ghost').id, a.id] });
    const { shard } = await shardFrom(`${put(1, a, b, c)}${order}`);
    assert.deepEqual(names(shard.sessions), ['c', 'a', 'b']);
  });

  test('entries after a removal replay in order: put, removed, put back', async () => {
    const [a, b] = [named('a'), named('b')];
    const removed = line({ seq: 2, put: [], delete: [a.id] });
    const { shard } = await shardFrom(`${put(1, a, b)}${removed}${put(3, a)}`);
    assert.deepEqual(names(shard.sessions), ['b', 'a']);
  });

  for (const [what, snapshot] of [
    ['null', null],
    ['a number', 5],
    ['a list', []],
    ['sessions that are not a list', { schema_version: 1, sessions: 'x' }],
    ['a session that is null', { schema_version: 1, sessions: [null] }],
  ] as const) {
    test(`a snapshot that is ${what} is reported as damaged, log or not`, async () => {
      await assert.rejects(shardFrom(put(1, named('a')), snapshot), (error) => {
        assert.ok(error instanceof StoreCorruptError, String(error));
        assert.match(error.message, /is damaged \(unexpected content/);
        return true;
      });
    });
  }

  test('the log sits beside the snapshot, whatever the folders are called', async () => {
    assert.equal(logPath('/data/x.json.d/sessions/w.json'), '/data/x.json.d/sessions/w.log');
    const file = path.join(await dataDir(), 'a.json.d', 'w.json');
    await mkdir(path.dirname(file));
    const { shard, reopen } = await openShard({ file });
    await shard.update((list) => list.push(named('a')));
    assert.ok((await logSize(file)) > 0);
    assert.deepEqual(names((await reopen()).sessions), ['a']);
  });
});
