import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedQueue } from './keyed-queue.js';

/** A promise settled by hand, so the test decides when each task ends. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/** Lets every callback already queued on settled promises run. */
const drained = () => new Promise<void>((resolve) => setImmediate(resolve));

test('tasks of one key run one at a time, in order; other keys run alongside', async () => {
  const queue = new KeyedQueue();
  const log: string[] = [];
  const first = gate();
  const other = gate();
  const a = queue.run('file', async () => {
    log.push('a starts');
    await first.promise;
    log.push('a ends');
    return 'a';
  });
  const b = queue.run('file', async () => {
    log.push('b starts');
    return 'b';
  });
  const c = queue.run('other', async () => {
    log.push('c starts');
    await other.promise;
    return 'c';
  });
  await drained();
  assert.deepEqual(log, ['a starts', 'c starts']);
  first.open();
  assert.equal(await a, 'a');
  assert.equal(await b, 'b');
  assert.deepEqual(log, ['a starts', 'c starts', 'a ends', 'b starts']);
  other.open();
  assert.equal(await c, 'c');
});

test('a failed task rejects its own caller only; the next one still runs', async () => {
  const queue = new KeyedQueue();
  const failing = queue.run('file', () => Promise.reject(new Error('disk full')));
  const next = queue.run('file', async () => 'saved');
  await assert.rejects(failing, /disk full/);
  assert.equal(await next, 'saved');
});

test('a task queued once an earlier one ended still waits for the one running', async () => {
  const queue = new KeyedQueue();
  const second = gate();
  const log: string[] = [];
  await Promise.all([
    queue.run('file', async () => log.push('first')),
    // Queued behind the first; still running when the first's cleanup happens.
    (async () => {
      const running = queue.run('file', async () => {
        log.push('second starts');
        await second.promise;
        log.push('second ends');
      });
      await drained();
      const third = queue.run('file', async () => log.push('third'));
      await drained();
      assert.deepEqual(log, ['first', 'second starts']);
      second.open();
      await Promise.all([running, third]);
    })(),
  ]);
  assert.deepEqual(log, ['first', 'second starts', 'second ends', 'third']);
});

test('a key is forgotten once its last task settled, whether it worked or failed', async () => {
  const queue = new KeyedQueue();
  const held = gate();
  const keys = Array.from({ length: 50 }, (_, index) => `file-${index}`);
  const runs = keys.map((key, index) =>
    queue.run(key, () => (index % 2 ? Promise.reject(new Error('no')) : held.promise)),
  );
  assert.equal(queue.pendingKeys, 50);
  held.open();
  await Promise.allSettled(runs);
  await drained();
  assert.equal(queue.pendingKeys, 0);
});
