import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PREFERENCES } from '../contract/index.js';
import { EventHub } from './hub.js';

const publishOne = (hub: EventHub) =>
  hub.publish('preferences-updated', { preferences: DEFAULT_PREFERENCES });

describe('EventHub', () => {
  test('numbers events from its start seq, one by one, and delivers them to every listener', () => {
    const hub = new EventHub(10, 100);
    const a: number[] = [];
    const b: number[] = [];
    hub.subscribe((event) => a.push(event.seq));
    const unsubscribe = hub.subscribe((event) => b.push(event.seq));
    publishOne(hub);
    publishOne(hub);
    unsubscribe();
    publishOne(hub);
    assert.deepEqual(a, [101, 102, 103]);
    assert.deepEqual(b, [101, 102]);
    assert.equal(hub.currentSeq, 103);
  });

  test('starts from the clock so seq keeps growing across restarts', () => {
    const before = Date.now();
    assert.ok(new EventHub().currentSeq >= before);
  });

  test('replays from a bounded buffer and asks for a refetch once the gap is gone or impossible', () => {
    const hub = new EventHub(3, 0);
    for (let i = 0; i < 5; i++) publishOne(hub); // seq 1..5; buffer keeps 3, 4, 5
    assert.deepEqual(hub.replaySince(2), {
      ok: true,
      events: [3, 4, 5].map((seq) => ({
        event: 'preferences-updated',
        data: { preferences: DEFAULT_PREFERENCES },
        seq,
      })),
    });
    const tail = hub.replaySince(4);
    assert.ok(tail.ok);
    assert.deepEqual(
      tail.events.map((event) => event.seq),
      [5],
    );
    assert.deepEqual(hub.replaySince(5), { ok: true, events: [] });
    for (const since of [1, 0, 6, 1e15]) {
      const result = hub.replaySince(since);
      assert.equal(result.ok, false, `since=${since}`);
      if (!result.ok) {
        assert.equal(result.frame.event, 'resync-required');
        assert.equal(result.frame.seq, 5);
      }
    }
  });

  test('with nothing published yet only the current seq is a valid position', () => {
    const hub = new EventHub(3, 50);
    assert.deepEqual(hub.replaySince(50), { ok: true, events: [] });
    assert.equal(hub.replaySince(49).ok, false);
    assert.equal(hub.replaySince(51).ok, false);
  });
});
