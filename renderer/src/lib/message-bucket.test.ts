import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Usage } from '@contract';
import { ev, message } from '../test-support/fixtures.js';
import {
  emptyBucket,
  reduceBucket,
  upsertMessage,
  visibleMessages,
  withLatestPage,
  withWindow,
  holeIn,
  HOLE,
  type MessageBucket,
} from './message-bucket.js';

const S = '11111111-1111-4111-8111-111111111111';
const W = '22222222-2222-4222-8222-222222222222';
const ref = (run_id: string) => ({ session_id: S, worktree_id: W, run_id });
const usage: Usage = {
  input_tokens: 10,
  output_tokens: 20,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  reasoning_tokens: 0,
  cost_usd: 0.0123,
  duration_ms: 1500,
};

function run(
  bucket: MessageBucket,
  ...events: Parameters<typeof reduceBucket>[1][]
): MessageBucket {
  return events.reduce(reduceBucket, bucket);
}

describe('a session history applying run events', () => {
  it('streams text into a live message that the final message then replaces', () => {
    const user = message(S, { created_at: 1 });
    let bucket = run(
      emptyBucket(),
      ev('message-created', { ...ref('r1'), message: user }),
      ev('run-started', { ...ref('r1'), backend: 'claude', message_id: 'a1' }),
      ev('message-delta', { ...ref('r1'), message_id: 'a1', kind: 'thinking', text: 'Hmm' }),
      ev('message-delta', { ...ref('r1'), message_id: 'a1', kind: 'text', text: 'Hel' }),
      ev('message-delta', { ...ref('r1'), message_id: 'a1', kind: 'text', text: 'lo' }),
    );
    assert.deepEqual(bucket.live?.parts, [
      { type: 'thinking', text: 'Hmm' },
      { type: 'text', text: 'Hello' },
    ]);
    assert.deepEqual(
      visibleMessages(bucket).map((m) => m?.id),
      [user.id, 'a1'],
    );

    const final = message(S, {
      id: 'a1',
      role: 'assistant',
      run_id: 'r1',
      created_at: 2,
      parts: [{ type: 'text', text: 'Hello' }],
      usage,
    });
    bucket = run(
      bucket,
      ev('message-created', { ...ref('r1'), message: final }),
      ev('run-completed', { ...ref('r1'), usage }),
    );
    assert.equal(bucket.live, null);
    assert.deepEqual(
      visibleMessages(bucket).map((m) => m?.id),
      [user.id, 'a1'],
    );
    assert.deepEqual(bucket.runUsage['r1'], usage);
  });

  it('shows tool calls and their results as they arrive', () => {
    const bucket = run(
      emptyBucket(),
      ev('run-started', { ...ref('r1'), backend: 'claude', message_id: 'a1' }),
      ev('tool-use', {
        ...ref('r1'),
        message_id: 'a1',
        id: 't1',
        name: 'Read',
        input: { file_path: 'x' },
      }),
      ev('tool-result', {
        ...ref('r1'),
        message_id: 'a1',
        tool_use_id: 't1',
        output: 'data',
        is_error: false,
      }),
    );
    assert.deepEqual(
      bucket.live?.parts.map((part) => part.type),
      ['tool_use', 'tool_result'],
    );
  });

  it('keeps a cancelled partial answer visible, marked cancelled', () => {
    const bucket = run(
      emptyBucket(),
      ev('run-started', { ...ref('r1'), backend: 'claude', message_id: 'a1' }),
      ev('message-delta', { ...ref('r1'), message_id: 'a1', kind: 'text', text: 'Partial' }),
      ev('run-cancelled', ref('r1')),
    );
    assert.equal(bucket.live, null);
    assert.equal(bucket.byId['a1']?.status, 'cancelled');
  });

  it('records a failure in plain words and clears it when the next run starts', () => {
    let bucket = run(
      emptyBucket(),
      ev('run-started', { ...ref('r1'), backend: 'codex', message_id: 'a1' }),
      ev('run-failed', {
        ...ref('r1'),
        error: { code: 'backend-not-found', message: 'Install it with npm i -g @openai/codex' },
      }),
    );
    assert.equal(bucket.runError?.code, 'backend-not-found');
    assert.equal(bucket.live, null, 'an empty live message is dropped, not kept');
    assert.equal(bucket.ids.length, 0);
    bucket = run(bucket, ev('run-started', { ...ref('r2'), backend: 'codex', message_id: 'a2' }));
    assert.equal(bucket.runError, null);
  });

  it('does not duplicate a message delivered twice, nor revive a final one with a late fragment', () => {
    const final = message(S, { id: 'a1', role: 'assistant', run_id: 'r1' });
    let bucket = run(
      emptyBucket(),
      ev('message-created', { ...ref('r1'), message: final }),
      ev('message-created', { ...ref('r1'), message: final }),
      ev('message-delta', { ...ref('r1'), message_id: 'a1', kind: 'text', text: 'late' }),
    );
    assert.deepEqual(bucket.ids, ['a1']);
    assert.equal(bucket.live, null);
    bucket = run(bucket, ev('run-completed', { ...ref('r1'), usage }));
    assert.deepEqual(bucket.ids, ['a1']);
  });

  it('starts a live message from a fragment when run-started was missed', () => {
    const bucket = run(
      emptyBucket(),
      ev('message-delta', { ...ref('r9'), message_id: 'a9', kind: 'text', text: 'mid-stream' }),
    );
    assert.equal(bucket.live?.id, 'a9');
    assert.equal(bucket.live?.run_id, 'r9');
  });

  it('drops the streamed copy when the final message has another id but the same run', () => {
    const final = message(S, {
      id: 'f1',
      role: 'assistant',
      run_id: 'r1',
      parts: [{ type: 'text', text: 'x' }],
    });
    const bucket = run(
      emptyBucket(),
      ev('run-started', { ...ref('r1'), backend: 'claude', message_id: 'a1' }),
      ev('message-delta', { ...ref('r1'), message_id: 'a1', kind: 'text', text: 'x' }),
      ev('message-created', { ...ref('r1'), message: final }),
      ev('run-completed', { ...ref('r1'), usage }),
    );
    assert.deepEqual(
      visibleMessages(bucket).map((m) => m?.id),
      ['f1'],
    );
  });
});

describe('windows of a long history', () => {
  const page = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) =>
      message(S, { id: `m${from + i}`, created_at: from + i }),
    );

  it('holds a place for every older message; a window at any position fills its places', () => {
    let bucket = withLatestPage(emptyBucket(), page(9900, 10000), 9900);
    assert.equal(bucket.ids.length, 10000);
    assert.equal(bucket.ids[9900], 'm9900');
    assert.equal(bucket.phase, 'ready');
    assert.equal(bucket.hasMore, true);
    assert.equal(holeIn(bucket, 9950, 9999), null);
    assert.equal(holeIn(bucket, 0, 20), 0);
    bucket = withWindow(bucket, page(0, 100), 0);
    assert.deepEqual(bucket.ids.slice(0, 2), ['m0', 'm1']);
    assert.equal(bucket.ids[100], HOLE);
    assert.equal(visibleMessages(bucket)[100], null);
    bucket = withWindow(bucket, page(50, 150), 50); // overlapping window
    assert.equal(bucket.ids[149], 'm149');
    assert.equal(bucket.ids.filter((id) => id === 'm60').length, 1);
    for (let from = 150; from < 9900; from += 100)
      bucket = withWindow(bucket, page(from, from + 100), from);
    assert.equal(bucket.hasMore, false);
    assert.equal(holeIn(bucket, 0, 9999), null);
  });

  it('keeps messages that arrived live while the first page was loading', () => {
    const live = message(S, { id: 'new', created_at: 20000 });
    let bucket = upsertMessage({ ...emptyBucket(), phase: 'loading' }, live);
    bucket = withLatestPage(bucket, page(0, 3), 0);
    assert.deepEqual(bucket.ids, ['m0', 'm1', 'm2', 'new']);
  });

  it('places a message by time when it is older than the newest held', () => {
    let bucket = withLatestPage(emptyBucket(), page(0, 3), 0);
    bucket = upsertMessage(bucket, message(S, { id: 'between', created_at: 1 }));
    assert.deepEqual(bucket.ids, ['m0', 'm1', 'between', 'm2']);
  });

  it('holds 10,000 messages and applies events to them quickly', () => {
    let bucket = withLatestPage(emptyBucket(), page(0, 10000), 0);
    const started = performance.now();
    for (let i = 0; i < 200; i++) {
      bucket = reduceBucket(
        bucket,
        ev('message-delta', { ...ref('r1'), message_id: 'live', kind: 'text', text: 'word ' }),
      );
    }
    assert.ok(performance.now() - started < 200, 'deltas stay cheap with a long history');
    assert.equal(visibleMessages(bucket).length, 10001);
  });
});
