import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LIMITS,
  NO_TOKENS,
  type QueuedMessage,
  type Session,
  type Usage,
} from '../contract/index.js';
import { hasErrorCode } from '../errors.js';
import { nextRunState, type RunResult } from './session-run-state.js';

function session(overrides: Partial<Session> = {}): Session {
  return {
    id: 'session-1',
    worktree_id: 'worktree-1',
    name: 'Session 1',
    created_at: 1_767_225_600,
    updated_at: 1_767_225_600,
    archived_at: null,
    execution_mode: 'plan',
    model: 'sonnet',
    thinking_level: 'off',
    backend: 'claude',
    message_count: 2,
    status: 'idle',
    awaiting_plan_approval: false,
    resume_ids: { claude: 'old-conversation', codex: null, opencode: null },
    last_usage: null,
    queue: [],
    pending_approvals: [],
    approval_rules: [],
    ...overrides,
  };
}

const queued = (id: string): QueuedMessage => ({ id, content: `text ${id}`, created_at: 1 });

const usage: Usage = { ...NO_TOKENS, input_tokens: 10, output_tokens: 5, duration_ms: 1200 };

const result = (overrides: Partial<RunResult> = {}): RunResult => ({
  backend: 'claude',
  usage,
  conversationId: 'new-conversation',
  ...overrides,
});

describe('session run state', () => {
  it('queues a message behind a run without touching the running status', () => {
    const running = session({ status: 'running', queue: [queued('a')] });
    const next = nextRunState(running, { type: 'enqueue', message: queued('b'), busy: true });
    assert.equal(next.status, 'running');
    assert.deepEqual(
      next.queue.map((item) => item.id),
      ['a', 'b'],
    );
  });

  it('marks an idle session queued when its message has to wait (shutdown, older queue)', () => {
    const next = nextRunState(session(), { type: 'enqueue', message: queued('a'), busy: false });
    assert.equal(next.status, 'queued');
    assert.deepEqual(next.queue, [queued('a')]);
  });

  it('refuses a message past the queue limit, and takes one again once there is room', () => {
    const ids = Array.from({ length: LIMITS.queuedMessages }, (_, index) => `q${index}`);
    const full = session({ status: 'running', queue: ids.map(queued) });
    assert.throws(
      () => nextRunState(full, { type: 'enqueue', message: queued('over'), busy: true }),
      (error) => hasErrorCode(error, 'queue-full'),
    );
    const room = nextRunState(full, { type: 'remove-queued', messageId: 'q0' });
    const next = nextRunState(room, { type: 'enqueue', message: queued('over'), busy: true });
    assert.equal(next.queue.length, LIMITS.queuedMessages);
    assert.equal(next.queue.at(-1)?.id, 'over');
  });

  it('removes one queued message, and refuses one that is not queued', () => {
    const waiting = session({ status: 'running', queue: [queued('a'), queued('b')] });
    const next = nextRunState(waiting, { type: 'remove-queued', messageId: 'a' });
    assert.deepEqual(next.queue, [queued('b')]);
    assert.throws(
      () => nextRunState(next, { type: 'remove-queued', messageId: 'a' }),
      (error) => hasErrorCode(error, 'not-found'),
    );
  });

  it('starts a run: running, its user message counted, its queue item gone, no plan waiting', () => {
    const waiting = session({
      status: 'queued',
      awaiting_plan_approval: true,
      queue: [queued('a'), queued('b')],
    });
    const next = nextRunState(waiting, { type: 'start', queuedId: 'a', startedAtMs: 1_000 });
    assert.equal(next.status, 'running');
    assert.equal(next.awaiting_plan_approval, false);
    assert.equal(next.message_count, 3);
    assert.deepEqual(next.queue, [queued('b')]);
    assert.equal(next.run_started_at_ms, 1_000, 'the run start a live timer counts from');
    const direct = nextRunState(session(), { type: 'start', queuedId: null, startedAtMs: 2_000 });
    assert.equal(direct.status, 'running');
    assert.deepEqual(direct.queue, []);
  });

  it('each run has its own start time, cleared when the run ends however it ends', () => {
    const first = nextRunState(session(), { type: 'start', queuedId: null, startedAtMs: 1_000 });
    for (const type of ['fail', 'cancel'] as const) {
      assert.equal(nextRunState(first, { type, result: result() }).run_started_at_ms, null, type);
    }
    const done = nextRunState(first, { type: 'finish', result: result(), plan: null });
    assert.equal(done.run_started_at_ms, null);
    assert.equal(nextRunState(first, { type: 'interrupt' }).run_started_at_ms, null);
    const second = nextRunState(done, { type: 'start', queuedId: null, startedAtMs: 5_000 });
    assert.equal(second.run_started_at_ms, 5_000);
  });

  it('finishes a run: idle, or queued when messages wait; usage and conversation kept', () => {
    const running = session({ status: 'running' });
    const done = nextRunState(running, { type: 'finish', result: result(), plan: null });
    assert.equal(done.status, 'idle');
    assert.equal(done.message_count, 3);
    assert.deepEqual(done.last_usage, usage);
    assert.deepEqual(done.resume_ids, {
      claude: 'new-conversation',
      codex: null,
      opencode: null,
    });
    assert.equal(done.awaiting_plan_approval, false);
    const withQueue = nextRunState(
      { ...running, queue: [queued('a')] },
      { type: 'finish', result: result(), plan: null },
    );
    assert.equal(withQueue.status, 'queued');
  });

  it('leaves a plan waiting for approval when a plan run finishes with one', () => {
    const next = nextRunState(session({ status: 'running' }), {
      type: 'finish',
      result: result(),
      plan: '1. Do it',
    });
    assert.equal(next.awaiting_plan_approval, true);
  });

  it('keeps the last usage and conversation when a run reports none', () => {
    const earlier = session({ status: 'running', last_usage: usage });
    const next = nextRunState(earlier, {
      type: 'finish',
      result: result({ usage: null, conversationId: null }),
      plan: null,
    });
    assert.deepEqual(next.last_usage, usage);
    assert.equal(next.resume_ids.claude, 'old-conversation');
  });

  it('records a conversation id under the backend that ran', () => {
    const next = nextRunState(session({ status: 'running', backend: 'codex' }), {
      type: 'fail',
      result: result({ backend: 'codex', conversationId: 'thread-9' }),
    });
    assert.deepEqual(next.resume_ids, {
      claude: 'old-conversation',
      codex: 'thread-9',
      opencode: null,
    });
  });

  it('fails a run: error, even with messages queued, and no plan waiting', () => {
    const next = nextRunState(session({ status: 'running', queue: [queued('a')] }), {
      type: 'fail',
      result: result(),
    });
    assert.equal(next.status, 'error');
    assert.equal(next.awaiting_plan_approval, false);
    assert.equal(next.message_count, 3);
    assert.deepEqual(next.queue, [queued('a')]);
  });

  it('cancels a run: idle or queued, its partial answer counted, no plan waiting', () => {
    const idle = nextRunState(session({ status: 'running' }), {
      type: 'cancel',
      result: result(),
    });
    assert.equal(idle.status, 'idle');
    assert.equal(idle.message_count, 3);
    assert.equal(idle.awaiting_plan_approval, false);
    const queuedNext = nextRunState(session({ status: 'running', queue: [queued('a')] }), {
      type: 'cancel',
      result: result(),
    });
    assert.equal(queuedNext.status, 'queued');
  });

  it('approves a waiting plan into build, or the mode asked for', () => {
    const waiting = session({ awaiting_plan_approval: true });
    const build = nextRunState(waiting, { type: 'approve-plan', mode: undefined, running: false });
    assert.equal(build.execution_mode, 'build');
    assert.equal(build.awaiting_plan_approval, false);
    const yolo = nextRunState(waiting, { type: 'approve-plan', mode: 'yolo', running: false });
    assert.equal(yolo.execution_mode, 'yolo');
  });

  it('refuses to approve when no plan waits or a run is going', () => {
    const refused = (error: unknown) => hasErrorCode(error, 'not-waiting-for-approval');
    assert.throws(
      () => nextRunState(session(), { type: 'approve-plan', mode: undefined, running: false }),
      refused,
    );
    assert.throws(
      () =>
        nextRunState(session({ awaiting_plan_approval: true }), {
          type: 'approve-plan',
          mode: undefined,
          running: true,
        }),
      refused,
    );
  });

  it('marks an interrupted run: idle, its note counted, the queue kept for what comes next', () => {
    const next = nextRunState(session({ status: 'running', queue: [queued('a')] }), {
      type: 'interrupt',
    });
    assert.equal(next.status, 'idle');
    assert.equal(next.message_count, 3);
    assert.deepEqual(next.queue, [queued('a')]);
  });

  it('never changes the session it is given (the store may apply a change twice)', () => {
    const before = session({ status: 'running', queue: [queued('a')] });
    const copy = structuredClone(before);
    nextRunState(before, { type: 'enqueue', message: queued('b'), busy: true });
    nextRunState(before, { type: 'start', queuedId: 'a', startedAtMs: 1_000 });
    nextRunState(before, { type: 'finish', result: result(), plan: 'plan' });
    assert.deepEqual(before, copy);
  });
});
