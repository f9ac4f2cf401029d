import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Message, NO_TOKENS, type Session } from '../contract/index.js';
import { EventHub } from '../events/hub.js';
import { emptyUsage, interruptedMessage, runOutcome, userMessage } from './run-outcome.js';
import { RunRecorder } from './run-recorder.js';

const ref = {
  session_id: '00000000-0000-4000-8000-000000000001',
  worktree_id: '00000000-0000-4000-8000-000000000002',
  run_id: '00000000-0000-4000-8000-000000000003',
  message_id: '00000000-0000-4000-8000-000000000004',
};
const USAGE = { ...NO_TOKENS, input_tokens: 12, output_tokens: 34, cost_usd: 0.5 };

function session(mode: Session['execution_mode']): Session {
  return { execution_mode: mode } as Session;
}

/** A recorder that saw `answer` as its last text, and optionally a plan, an error, usage. */
function recorder(
  options: { plan?: string; error?: boolean; usage?: boolean; answer?: string } = {},
) {
  const recorder = new RunRecorder(new EventHub(), ref);
  recorder.apply({ type: 'part', part: { type: 'text', text: 'first thoughts' } });
  if (options.answer !== undefined) {
    recorder.apply({ type: 'part', part: { type: 'text', text: options.answer } });
  }
  if (options.plan !== undefined) recorder.apply({ type: 'plan', text: options.plan });
  if (options.error) recorder.apply({ type: 'error', code: 'api-error', message: 'it broke' });
  if (options.usage) recorder.apply({ type: 'usage', usage: USAGE });
  return recorder;
}

function outcome(
  mode: Session['execution_mode'],
  cancelled: boolean,
  options: Parameters<typeof recorder>[0] = {},
) {
  const result = runOutcome(recorder(options), {
    ref,
    cancelled,
    session: session(mode),
    durationMs: 1234,
  });
  assert.ok(Message.safeParse(result.message).success, 'a valid message');
  return result;
}

describe('runOutcome: how a run ends', () => {
  test('a plan run that ends well hands over its final answer as the plan', () => {
    const result = outcome('plan', false, { answer: 'the plan' });
    assert.equal(result.plan, 'the plan');
    assert.equal(result.message.plan, 'the plan');
    assert.equal(result.message.status, 'complete');
    assert.equal(result.failure, null);
  });

  test("an explicit plan (Claude's ExitPlanMode) wins over the final answer", () => {
    const result = outcome('plan', false, { answer: 'just talk', plan: 'the real plan' });
    assert.equal(result.plan, 'the real plan');
  });

  test('no plan when the plan run was cancelled, failed, or was not a plan run', () => {
    assert.equal(outcome('plan', true, { answer: 'half a plan' }).plan, null);
    assert.equal(outcome('plan', false, { answer: 'half a plan', error: true }).plan, null);
    assert.equal(outcome('plan', false, { plan: 'explicit', error: true }).plan, null);
    assert.equal(outcome('build', false, { answer: 'done', plan: 'explicit' }).plan, null);
    assert.equal(outcome('yolo', false, { answer: 'done' }).message.plan, null);
  });

  test('a plan run with no text at all has no plan', () => {
    const result = runOutcome(new RunRecorder(new EventHub(), ref), {
      ref,
      cancelled: false,
      session: session('plan'),
      durationMs: 1,
    });
    assert.equal(result.plan, null);
  });

  test('final status: cancelled, error or complete; a cancelled run is no failure', () => {
    const cancelled = outcome('build', true, { error: true });
    assert.equal(cancelled.message.status, 'cancelled');
    assert.equal(cancelled.failure, null);
    assert.equal(cancelled.message.error, null);

    const failed = outcome('build', false, { error: true });
    assert.equal(failed.message.status, 'error');
    assert.deepEqual(failed.failure, { code: 'api-error', message: 'it broke' });
    assert.deepEqual(failed.message.error, failed.failure);

    const complete = outcome('build', false, { answer: 'done' });
    assert.equal(complete.message.status, 'complete');
    assert.equal(complete.message.error, null);
  });

  test('usage carries the run duration; no usage stays null', () => {
    const withUsage = outcome('build', false, { usage: true });
    assert.deepEqual(withUsage.usage, { ...USAGE, duration_ms: 1234 });
    assert.deepEqual(withUsage.message.usage, withUsage.usage);
    const without = outcome('build', false);
    assert.equal(without.usage, null);
    assert.equal(without.message.usage, null);
  });

  test('the message is the run’s assistant message with every part the recorder kept', () => {
    const before = Math.floor(Date.now() / 1000);
    const { message } = outcome('build', false, { answer: 'done' });
    assert.equal(message.id, ref.message_id);
    assert.equal(message.session_id, ref.session_id);
    assert.equal(message.run_id, ref.run_id);
    assert.equal(message.role, 'assistant');
    assert.ok(message.created_at >= before && message.created_at <= before + 5);
    assert.deepEqual(message.parts, [
      { type: 'text', text: 'first thoughts' },
      { type: 'text', text: 'done' },
    ]);
  });
});

describe('other messages of a run', () => {
  test('the user message that starts a run', () => {
    const message = userMessage(ref.session_id, ref.run_id, 'do it');
    assert.ok(Message.safeParse(message).success);
    assert.equal(message.role, 'user');
    assert.equal(message.session_id, ref.session_id);
    assert.equal(message.run_id, ref.run_id);
    assert.equal(message.status, 'complete');
    assert.deepEqual(message.parts, [{ type: 'text', text: 'do it' }]);
    assert.notEqual(message.id, userMessage(ref.session_id, ref.run_id, 'do it').id);
  });

  test('the note left when Grove stopped during a run says so, as an interrupted run', () => {
    const message = interruptedMessage(ref.session_id);
    assert.ok(Message.safeParse(message).success);
    assert.equal(message.role, 'assistant');
    assert.equal(message.session_id, ref.session_id);
    assert.equal(message.status, 'interrupted');
    assert.equal(message.error?.code, 'interrupted');
    assert.match(message.error?.message ?? '', /Grove stopped while this run was going/);
    assert.deepEqual(message.parts, []);
    assert.equal(message.plan, null);
    assert.equal(message.usage, null);
    assert.notEqual(message.run_id, interruptedMessage(ref.session_id).run_id);
  });

  test('empty usage is zero tokens and the given duration', () => {
    assert.deepEqual(emptyUsage(77), { ...NO_TOKENS, duration_ms: 77 });
  });
});
