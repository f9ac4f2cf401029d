import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, describe, test } from 'node:test';
import type { Session } from '../contract/index.js';
import { logSize, named, names, openShard } from '../test-support/shard-fixture.js';
import { removeDataDirs } from '../test-support/store-fixture.js';
import { logPath } from './session-shard.js';

type Change = (list: Session[]) => void;

/** A seeded pseudo-random source (mulberry32), so a failure can be replayed. */
function random(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return Math.floor((((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** Every way a caller reshapes the list: the log must rebuild each exactly. */
function changes(pick: (below: number) => number): Change[] {
  let made = 0;
  const fresh = () => named(`new ${(made += 1)}`);
  const at = (list: Session[]) => pick(Math.max(list.length, 1));
  return [
    (list) => void list.push(fresh()),
    (list) => void list.push(fresh(), fresh()),
    (list) => void list.unshift(fresh()),
    (list) => void list.pop(),
    (list) => void list.splice(at(list), 1),
    (list) => void list.splice(at(list), 0, fresh()),
    (list) => {
      const index = at(list);
      const was = list[index];
      if (was) list[index] = { ...was, name: `${was.name}'` };
    },
    (list) => void list.reverse(),
    (list) => void list.sort((a, b) => a.name.localeCompare(b.name)),
    (list) => {
      // Moved: taken out and put back elsewhere, the same record.
      const [moved] = list.splice(at(list), 1);
      if (moved) list.splice(at(list), 0, moved);
    },
    (list) => {
      // Removed and added back last in one change.
      const [moved] = list.splice(at(list), 1);
      if (moved) list.push(moved);
    },
    (list) => {
      // Replaced by a new record with the same id, at the end.
      const [was] = list.splice(at(list), 1);
      if (was) list.push({ ...was, name: `${was.name}*` });
    },
    () => undefined,
  ];
}

/** The log bytes one `change` appends to a shard of `count` sessions, after `before`. */
async function bytesOf(count: number, change: Change, before: Change = () => undefined) {
  const { shard, file } = await openShard({});
  await shard.update((list) =>
    list.push(...Array.from({ length: count }, (_, i) => named(`s${i + 1_000_000}`))),
  );
  await shard.update(before);
  // A long log is compacted between writes: measure once that is done.
  await shard.flushed();
  const start = await logSize(file);
  await shard.update(change);
  return (await logSize(file)) - start;
}

describe('a session shard rebuilds any change from its log', () => {
  after(removeDataDirs);

  for (const seed of [1, 2, 3]) {
    test(`random changes, alone and several at once, reopen as they are in memory (seed ${seed})`, async () => {
      const pick = random(seed);
      const options = changes(pick);
      const { shard, reopen } = await openShard({});
      await shard.update((list) => list.push(named('a'), named('b'), named('c'), named('d')));
      for (let step = 0; step < 40; step++) {
        const together = pick(3) + 1;
        const chosen = Array.from({ length: together }, () => options[pick(options.length)]!);
        await Promise.all(chosen.map((change) => shard.update(change)));
        const reopened = await reopen();
        assert.deepEqual(names(reopened.sessions), names(shard.sessions), `step ${step}`);
        assert.deepEqual(reopened.sessions, shard.sessions, `step ${step}`);
      }
    });
  }

  test('a session removed and added back by two writes that share a line keeps its new place', async () => {
    const { shard, reopen } = await openShard({});
    const [a, b, c] = [named('a'), named('b'), named('c')];
    await shard.update((list) => list.push(a, b, c));
    await Promise.all([
      shard.update((list) => list.splice(0, 1)),
      shard.update((list) => list.push(a)),
    ]);
    assert.deepEqual(names(shard.sessions), ['b', 'c', 'a']);
    assert.deepEqual(names((await reopen()).sessions), ['b', 'c', 'a']);
  });

  test('a session removed by one write and appended by the next in the same line keeps its new place', async () => {
    const { shard, reopen } = await openShard({});
    const [a, b, c, d] = [named('a'), named('b'), named('c'), named('d')];
    await shard.update((list) => list.push(a, b, c, d));
    await Promise.all([
      shard.update((list) => list.splice(0, 1)),
      shard.update((list) => {
        list.splice(1, 1);
        list.push(a);
      }),
    ]);
    assert.deepEqual(names(shard.sessions), ['b', 'd', 'a']);
    assert.deepEqual(names((await reopen()).sessions), ['b', 'd', 'a']);
  });

  test('a session new in a line and replaced in a later write of it keeps its place', async () => {
    const { shard, reopen } = await openShard({});
    const [a, n1, n2] = [named('a'), named('n1'), named('n2')];
    await shard.update((list) => list.push(a));
    await Promise.all([
      shard.update((list) => list.push(n1, n2)),
      shard.update((list) => void list.splice(0, 2, { ...n1, name: 'n1 renamed' })),
    ]);
    assert.deepEqual(names(shard.sessions), ['n1 renamed', 'n2']);
    assert.deepEqual(names((await reopen()).sessions), ['n1 renamed', 'n2']);
  });

  test('a change whose callback throws half-way is still written with the next one', async () => {
    const { shard, reopen } = await openShard({});
    await assert.rejects(
      shard.update((list) => {
        list.push(named('pushed before the throw'));
        throw new Error('half-way');
      }),
      /half-way/,
    );
    await shard.update((list) => list.push(named('next')));
    assert.deepEqual(names((await reopen()).sessions), ['pushed before the throw', 'next']);
  });

  test('records are frozen: an edit in place throws instead of never reaching the disk', async () => {
    const { shard, reopen } = await openShard({});
    await shard.update((list) => list.push(named('pushed')));
    await shard.update((list) => list.push({ ...(list[0] as Session), id: randomUUID() }));
    const rename = (index: number) => (list: Session[]) => {
      (list[index] as { name: string }).name = 'edited in place';
    };
    await assert.rejects(shard.update(rename(0)), TypeError);
    await assert.rejects(shard.update(rename(1)), TypeError);
    const reopened = await reopen();
    await assert.rejects(reopened.update(rename(0)), TypeError);
    assert.deepEqual(names(reopened.sessions), ['pushed', 'pushed']);
  });

  test('a change that changes nothing writes nothing', async () => {
    const { shard, file } = await openShard({});
    assert.equal(await shard.update(() => 'result'), 'result');
    await assert.rejects(readFile(logPath(file)), /ENOENT/);
    await shard.update((list) => list.push(named('a')));
    const size = await logSize(file);
    await shard.update((list) => list.slice());
    assert.equal(await logSize(file), size);
  });

  const sameCost: [string, Change, Change?][] = [
    ['replacing one', (list) => void (list[3] = { ...(list[3] as Session), name: 'x' })],
    ['removing the last', (list) => void list.pop()],
    ['removing one in the middle', (list) => void list.splice(5, 1)],
    ['adding one', (list) => void list.push(named('added'))],
    [
      'removing one and adding one',
      (list) => {
        list.splice(5, 1);
        list.push(named('added'));
      },
    ],
    [
      'replacing one after a reorder',
      (list) => void (list[3] = { ...(list[3] as Session), name: 'x' }),
      (list) => void list.reverse(),
    ],
  ];
  for (const [what, change, before] of sameCost) {
    test(`${what} appends about the same bytes with 10 or 500 sessions`, async () => {
      const [small, large] = [
        await bytesOf(10, change, before),
        await bytesOf(500, change, before),
      ];
      assert.ok(small > 0, 'written');
      assert.ok(Math.abs(large - small) < 20, `10 sessions: ${small} B, 500: ${large} B`);
    });
  }
});
