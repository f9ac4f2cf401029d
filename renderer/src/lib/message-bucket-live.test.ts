// The live (streaming) message: when a message-created clears it, and what a run's end keeps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ev, message } from '../test-support/fixtures.js';
import {
  emptyBucket,
  messageEventSession,
  reduceBucket,
  visibleMessages,
  type MessageBucket,
} from './message-bucket.js';

const S = '11111111-1111-4111-8111-111111111111';
const W = '22222222-2222-4222-8222-222222222222';
const ref = (run_id: string) => ({ session_id: S, worktree_id: W, run_id });

function run(bucket: MessageBucket, ...events: Parameters<typeof reduceBucket>[1][]) {
  return events.reduce(reduceBucket, bucket);
}

/** A bucket streaming "partial" as the live message a1 of run r1. */
function streaming(): MessageBucket {
  return run(
    emptyBucket(),
    ev('run-started', { ...ref('r1'), backend: 'claude', message_id: 'a1' }),
    ev('message-delta', { ...ref('r1'), message_id: 'a1', kind: 'text', text: 'partial' }),
  );
}

describe('message-created and the live message', () => {
  it('the final message with the live id replaces the live one', () => {
    const final = message(S, {
      id: 'a1',
      role: 'assistant',
      run_id: 'r1',
      created_at: 2,
      parts: [{ type: 'text', text: 'partial and more' }],
    });
    const bucket = reduceBucket(
      streaming(),
      ev('message-created', { ...ref('r1'), message: final }),
    );
    assert.equal(bucket.live, null);
    assert.deepEqual(visibleMessages(bucket), [final]);
  });

  it('another message (a queued user message) leaves the answer streaming', () => {
    const user = message(S, { id: 'u2', role: 'user', run_id: 'r2', created_at: 3 });
    const bucket = reduceBucket(
      streaming(),
      ev('message-created', { ...ref('r2'), message: user }),
    );
    assert.equal(bucket.live?.id, 'a1');
    assert.deepEqual(bucket.live?.parts, [{ type: 'text', text: 'partial' }]);
    assert.deepEqual(
      visibleMessages(bucket).map((m) => m?.id),
      ['u2', 'a1'],
    );
  });

  it('a message-created with no live message just adds the message', () => {
    const user = message(S, { id: 'u1', created_at: 1 });
    const bucket = reduceBucket(
      emptyBucket(),
      ev('message-created', { ...ref('r1'), message: user }),
    );
    assert.equal(bucket.live, null);
    assert.deepEqual(bucket.ids, ['u1']);
  });
});

describe("a run's end keeps what streamed unless its own answer replaced it", () => {
  it('a user message with the same run id does not hide the streamed answer', () => {
    const user = message(S, { id: 'u1', role: 'user', run_id: 'r1', created_at: 1 });
    for (const end of [
      ev('run-cancelled', { ...ref('r1') }),
      ev('run-completed', {
        ...ref('r1'),
        usage: {
          input_tokens: 1,
          output_tokens: 1,
          cache_read_tokens: 0,
          cache_write_tokens: 0,
          reasoning_tokens: 0,
          cost_usd: null,
          duration_ms: 1,
        },
      }),
    ] as const) {
      const bucket = run(streaming(), ev('message-created', { ...ref('r1'), message: user }), end);
      assert.equal(bucket.live, null);
      const kept = bucket.byId['a1'];
      assert.deepEqual(kept?.parts, [{ type: 'text', text: 'partial' }], end.event);
      assert.equal(kept?.status, end.event === 'run-cancelled' ? 'cancelled' : 'complete');
    }
  });

  it("the run's own assistant message under another id replaces the streamed one", () => {
    const answer = message(S, {
      id: 'a9',
      role: 'assistant',
      run_id: 'r1',
      created_at: 2,
      parts: [{ type: 'text', text: 'final' }],
    });
    const bucket = run(
      streaming(),
      ev('message-created', { ...ref('r1'), message: answer }),
      ev('run-cancelled', { ...ref('r1') }),
    );
    assert.equal(bucket.live, null);
    assert.deepEqual(bucket.ids, ['a9']);
  });

  it('an assistant message of another run does not replace it', () => {
    const other = message(S, { id: 'a0', role: 'assistant', run_id: 'r0', created_at: 0 });
    const bucket = run(
      streaming(),
      ev('message-created', { ...ref('r0'), message: other }),
      ev('run-failed', { ...ref('r1'), error: { code: 'agent-failed', message: 'boom' } }),
    );
    assert.deepEqual(bucket.byId['a1']?.error, { code: 'agent-failed', message: 'boom' });
    assert.equal(bucket.byId['a1']?.status, 'error');
    assert.deepEqual(bucket.runError, { runId: 'r1', code: 'agent-failed', message: 'boom' });
  });
});

describe('messageEventSession: which session an event is about', () => {
  it('every run event names its session; a message names its own', () => {
    const other = '33333333-3333-4333-8333-333333333333';
    const events = [
      ev('run-started', { ...ref('r1'), backend: 'claude', message_id: 'a1' }),
      ev('message-delta', { ...ref('r1'), message_id: 'a1', kind: 'text', text: 'x' }),
      ev('tool-use', { ...ref('r1'), message_id: 'a1', id: 't1', name: 'Read', input: {} }),
      ev('tool-result', {
        ...ref('r1'),
        message_id: 'a1',
        tool_use_id: 't1',
        output: '',
        is_error: false,
      }),
      ev('run-failed', { ...ref('r1'), error: { code: 'x', message: 'y' } }),
      ev('run-cancelled', { ...ref('r1') }),
    ];
    for (const event of events) assert.equal(messageEventSession(event), S, event.event);
    const created = ev('message-created', {
      ...ref('r1'),
      message: message(other, { id: 'm1' }),
    });
    assert.equal(messageEventSession(created), other);
  });

  it('events about anything else concern no session history', () => {
    assert.equal(
      messageEventSession(ev('session-updated', { session_id: S, updates: { name: 'x' } })),
      null,
    );
  });
});
