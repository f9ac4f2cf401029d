import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonLine, type JsonObject } from '../shared/json.js';
import { OpencodeTurnEvents, type TurnStep } from './events.js';
import { sseEvents } from './client.js';
import { fixtureLines, fixtureText, replay } from '../shared/parser-harness.js';
import type { StreamParser } from '../shared/types.js';

/** Replays SSE payloads (one JSON event a line) through the mapper, as a stdout parser would. */
function asParser(turn: OpencodeTurnEvents, steps: TurnStep[] = []): StreamParser {
  return {
    line: (text) => {
      const event = parseJsonLine(text);
      if (!event) return [];
      const step = turn.handle(event);
      steps.push(step);
      return step.events;
    },
    finish: () => [],
  };
}

const SESSION = 'ses_1';
const event = (type: string, properties: JsonObject): string =>
  JSON.stringify({ id: 'evt_1', type, properties: { sessionID: SESSION, ...properties } });
const handle = (turn: OpencodeTurnEvents, type: string, properties: JsonObject): TurnStep =>
  turn.handle({ type, properties: { sessionID: SESSION, ...properties } });

// Real `opencode serve` 1.18.33 SSE streams (`GET /event`), from the calls serve-driver.ts
// makes, against the e2e model stub. The write and 400 captures ran at once on one server, so each also
// holds the other session's events.
describe('opencode serve 1.18.33 captures', () => {
  it('streams reasoning and text as deltas, then reports the finished parts and usage', () => {
    const steps: TurnStep[] = [];
    const turn = new OpencodeTurnEvents('ses_dd9622b42ffekCZQvz3QEPiKMV');
    const run = replay(asParser(turn, steps), fixtureLines('opencode-11833-serve-text.jsonl'));
    const deltas = run.events.flatMap((item) => (item.type === 'delta' ? [item.text] : []));
    assert.deepEqual(deltas, ['Thinking hard.', 'one ', 'two ', 'three ', 'four ', 'five']);
    assert.deepEqual(run.streamed, { thinking: 'Thinking hard.', text: 'one two three four five' });
    assert.deepEqual(run.thinking, ['Thinking hard.']);
    assert.deepEqual(run.texts, ['one two three four five'], 'the prompt is not an answer');
    assert.deepEqual(run.usage, {
      input_tokens: 2470,
      output_tokens: 32,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      cost_usd: 0,
    });
    assert.deepEqual(run.errors, []);
    assert.equal(steps.at(-1)?.idle, true, 'session.idle ends the turn');
    assert.equal(steps.filter((step) => step.idle).length, 2, 'status idle, then session.idle');
  });

  it('shows a write as one tool call with its result, ignoring another session', () => {
    const turn = new OpencodeTurnEvents('ses_dd961905dffe9CyXdYJVsoj3OJ');
    const run = replay(asParser(turn), fixtureLines('opencode-11833-serve-write.jsonl'));
    assert.deepEqual(run.toolCalls, [
      {
        id: 'toolu_stub_t0_0001',
        name: 'write',
        input: { filePath: '/tmp/ocprobe-017I8V/repo/bravo.txt', content: 'bravo\n' },
        output: 'Wrote file successfully.',
        is_error: false,
      },
    ]);
    assert.deepEqual(run.texts, ['Created bravo.txt.']);
    assert.equal(run.usageEvents, 2);
    assert.deepEqual(run.errors, [], "the other session's 400 is not ours");
  });

  it("reports a provider's 400 in its own words", () => {
    const turn = new OpencodeTurnEvents('ses_dd9619359ffefddeAe0yHeBSsb');
    const run = replay(asParser(turn), fixtureLines('opencode-11833-serve-http-400.jsonl'));
    assert.deepEqual(run.errors, [{ code: 'api-error', message: 'india is not a valid request' }]);
    assert.deepEqual(run.toolCalls, [], "the other session's write is not ours");
  });

  it('reads the raw SSE framing and reports an unknown model once', async () => {
    const raw = fixtureText('opencode-11833-serve-model-not-found.sse');
    // Cut into odd-sized chunks: frames and characters straddle reads.
    const bytes = new TextEncoder().encode(raw);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 97) controller.enqueue(bytes.slice(at, at + 97));
        controller.close();
      },
    });
    const turn = new OpencodeTurnEvents('ses_dd961675bffeS7RhakgryJT5yb');
    const steps: TurnStep[] = [];
    for await (const item of sseEvents(chunks)) steps.push(turn.handle(item));
    assert.equal(steps.length, raw.split('\n\n').filter((frame) => frame.trim()).length);
    const errors = steps.flatMap((step) => step.events);
    assert.deepEqual(errors, [
      { type: 'error', code: 'model-not-found', message: 'Model not found: stub/nope.' },
    ]);
    assert.ok(steps.some((step) => step.idle));
  });
});

describe('opencode turn events', () => {
  it('passes on permission requests of our session and its sub-agents only', () => {
    const asked = (sessionID: string) => {
      const turn = new OpencodeTurnEvents(SESSION);
      turn.handle({
        type: 'session.created',
        properties: { sessionID: 'ses_child', info: { id: 'ses_child', parentID: SESSION } },
      });
      const properties = { id: 'per_1', sessionID, permission: 'bash', patterns: ['ls'] };
      return turn.handle({ type: 'permission.asked', properties }).permission;
    };
    assert.deepEqual(asked('ses_child'), {
      id: 'per_1',
      sessionID: 'ses_child',
      permission: 'bash',
      patterns: ['ls'],
      metadata: {},
      always: [],
    });
    assert.equal(asked(SESSION)?.id, 'per_1');
    assert.equal(asked('ses_other'), null);
  });

  it('shows a call to a tool the agent lacks (plan mode bash) as a failed call of that tool', () => {
    const turn = new OpencodeTurnEvents(SESSION);
    const tool = (status: string, extra: JsonObject) =>
      event('message.part.updated', {
        part: {
          id: 'prt_1',
          sessionID: SESSION,
          type: 'tool',
          tool: 'invalid',
          callID: 'call_1',
          state: { status, input: { tool: 'bash', error: 'unavailable' }, ...extra },
        },
      });
    const run = replay(asParser(turn), [
      tool('pending', {}),
      tool('running', {}),
      tool('completed', { output: "Model tried to call unavailable tool 'bash'." }),
      tool('completed', { output: 'again' }),
    ]);
    assert.deepEqual(run.toolUseIds, ['call_1']);
    assert.deepEqual(run.toolResultIds, ['call_1']);
    assert.equal(run.toolCalls[0]?.name, 'bash');
    assert.equal(run.toolCalls[0]?.is_error, true);
  });

  it('ends the turn only on an idle after our prompt made the session busy', () => {
    const turn = new OpencodeTurnEvents(SESSION);
    assert.equal(handle(turn, 'session.idle', {}).idle, false);
    handle(turn, 'session.status', { status: { type: 'busy' } });
    assert.equal(handle(turn, 'session.idle', { sessionID: 'ses_other' }).idle, false);
    assert.equal(handle(turn, 'session.idle', {}).idle, true);
  });

  it('maps session errors by name and status, and reports only the first', () => {
    const error = (name: string, data: JsonObject) => {
      const turn = new OpencodeTurnEvents(SESSION);
      const first = handle(turn, 'session.error', { error: { name, data } }).events;
      assert.deepEqual(handle(turn, 'session.error', { error: { name, data } }).events, []);
      return first[0];
    };
    assert.deepEqual(error('APIError', { message: 'slow down', statusCode: 429 }), {
      type: 'error',
      code: 'rate-limited',
      message: 'slow down',
    });
    assert.deepEqual(error('ProviderAuthError', { message: 'no key' }), {
      type: 'error',
      code: 'not-logged-in',
      message: 'no key',
    });
    assert.deepEqual(error('MessageAbortedError', { message: 'Aborted' }), {
      type: 'error',
      code: 'cancelled',
      message: 'Aborted',
    });
  });
});
