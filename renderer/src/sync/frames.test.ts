import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  backoffMs,
  classifyFrame,
  CLOSE_TOO_FAR_BEHIND,
  parseFrame,
  reconnectDelayMs,
} from './frames.js';

const event = (seq: number) => ({
  event: 'session-deleted' as const,
  data: { session_id: 'x' },
  seq,
});

describe('WebSocket frames', () => {
  it('applies events newer than the last seq and skips replayed ones already applied', () => {
    assert.equal(classifyFrame(null, event(5)).kind, 'apply');
    assert.equal(classifyFrame(4, event(5)).kind, 'apply');
    assert.equal(classifyFrame(5, event(5)).kind, 'skip');
    assert.equal(classifyFrame(9, event(5)).kind, 'skip');
  });

  it('recognises hello and resync-required', () => {
    assert.deepEqual(classifyFrame(3, { event: 'hello', data: { seq: 7, replayed: 4 }, seq: 7 }), {
      kind: 'hello',
      seq: 7,
      replayed: 4,
    });
    const resync = classifyFrame(3, {
      event: 'resync-required',
      data: { reason: 'the server restarted' },
      seq: 90,
    });
    assert.deepEqual(resync, { kind: 'resync', seq: 90, reason: 'the server restarted' });
  });

  it('rejects frames that are not Grove frames', () => {
    assert.equal(parseFrame('not json'), null);
    assert.equal(parseFrame('{"event":1}'), null);
    assert.equal(parseFrame(new ArrayBuffer(2)), null);
    assert.equal(parseFrame(JSON.stringify(event(1)))?.seq, 1);
  });

  it('backs off quickly at first and caps the wait', () => {
    assert.ok(backoffMs(0) < 500);
    assert.equal(backoffMs(100), backoffMs(6));
    assert.ok(backoffMs(100) <= 5000);
  });

  it('reconnects at once (to take the ?since= replay) when closed for falling behind', () => {
    assert.equal(CLOSE_TOO_FAR_BEHIND, 4008);
    assert.equal(reconnectDelayMs(CLOSE_TOO_FAR_BEHIND, 5), 0);
    assert.equal(reconnectDelayMs(1006, 5), backoffMs(5));
  });
});
