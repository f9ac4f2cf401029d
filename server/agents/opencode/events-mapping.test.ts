// The parts of OpenCode's event mapping the captures do not reach: tool failures, deltas that
// must not show, usage across steps, and catching up from stored messages after a lost stream.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../shared/json.js';
import type { AgentEvent } from '../shared/types.js';
import { errorEvent, OpencodeTurnEvents } from './events.js';

const SESSION = 'ses_1';

function turnOf(): {
  turn: OpencodeTurnEvents;
  send: (type: string, props: JsonObject) => AgentEvent[];
} {
  const turn = new OpencodeTurnEvents(SESSION);
  const send = (type: string, properties: JsonObject) =>
    turn.handle({ type, properties: { sessionID: SESSION, ...properties } }).events;
  return { turn, send };
}

const part = (fields: JsonObject): JsonObject => ({
  sessionID: SESSION,
  messageID: 'msg_a',
  ...fields,
});
const toolPart = (id: string, state: JsonObject, extra: JsonObject = {}): JsonObject =>
  part({ id: `prt_${id}`, type: 'tool', tool: 'bash', callID: id, state, ...extra });

describe('opencode tool parts', () => {
  it('shows a call once running and its result once finished, each once', () => {
    const { send } = turnOf();
    const input = { command: 'ls' };
    assert.deepEqual(
      send('message.part.updated', { part: toolPart('c1', { status: 'pending' }) }),
      [],
    );
    const running = toolPart('c1', { status: 'running', input });
    const use = { type: 'part', part: { type: 'tool_use', id: 'c1', name: 'bash', input } };
    assert.deepEqual(send('message.part.updated', { part: running }), [use]);
    assert.deepEqual(send('message.part.updated', { part: running }), []);
    const done = toolPart('c1', { status: 'completed', input, output: 'a.txt' });
    const result = { type: 'tool_result', tool_use_id: 'c1', output: 'a.txt', is_error: false };
    assert.deepEqual(send('message.part.updated', { part: done }), [
      { type: 'part', part: result },
    ]);
    assert.deepEqual(send('message.part.updated', { part: done }), []);
  });

  it("reports OpenCode's refusal as a failed call with its words, or a default", () => {
    const { send } = turnOf();
    const failed = send('message.part.updated', {
      part: toolPart('c1', { status: 'error', input: {}, error: 'permission denied' }),
    });
    assert.deepEqual(failed, [
      { type: 'part', part: { type: 'tool_use', id: 'c1', name: 'bash', input: {} } },
      {
        type: 'part',
        part: {
          type: 'tool_result',
          tool_use_id: 'c1',
          output: 'permission denied',
          is_error: true,
        },
      },
    ]);
    const silent = send('message.part.updated', { part: toolPart('c2', { status: 'error' }) });
    assert.deepEqual(silent.at(-1), {
      type: 'part',
      part: { type: 'tool_result', tool_use_id: 'c2', output: 'The tool failed.', is_error: true },
    });
    assert.deepEqual(silent[0], {
      type: 'part',
      part: { type: 'tool_use', id: 'c2', name: 'bash', input: {} },
    });
  });

  it('names a call by its part id without a call id, and "tool" without a tool name', () => {
    const { send } = turnOf();
    const events = send('message.part.updated', {
      part: part({ id: 'prt_9', type: 'tool', state: { status: 'running', input: { a: 1 } } }),
    });
    assert.deepEqual(events, [
      { type: 'part', part: { type: 'tool_use', id: 'prt_9', name: 'tool', input: { a: 1 } } },
    ]);
    assert.deepEqual(send('message.part.updated', { part: part({ type: 'tool', state: {} }) }), []);
  });
});

describe('opencode text parts and deltas', () => {
  it("streams only a text field's deltas of an open part, then the finished part", () => {
    const { send } = turnOf();
    const open = part({ id: 'prt_t', type: 'text', text: '', time: { start: 1 } });
    assert.deepEqual(send('message.part.updated', { part: open }), []);
    const delta = (fields: JsonObject) =>
      send('message.part.delta', { partID: 'prt_t', ...fields });
    assert.deepEqual(delta({ field: 'text', delta: 'Hi' }), [
      { type: 'delta', kind: 'text', text: 'Hi' },
    ]);
    assert.deepEqual(delta({ field: 'metadata', delta: 'x' }), []);
    assert.deepEqual(delta({ field: 'text', delta: '' }), []);
    assert.deepEqual(
      send('message.part.delta', { partID: 'prt_other', field: 'text', delta: 'x' }),
      [],
    );
    assert.deepEqual(
      send('message.part.delta', {
        sessionID: 'ses_other',
        partID: 'prt_t',
        field: 'text',
        delta: 'x',
      }),
      [],
    );
    const ended = { ...open, text: 'Hi', time: { start: 1, end: 2 } };
    assert.deepEqual(send('message.part.updated', { part: ended }), [
      { type: 'part', part: { type: 'text', text: 'Hi' } },
    ]);
    assert.deepEqual(send('message.part.updated', { part: ended }), []);
    assert.deepEqual(delta({ field: 'text', delta: 'late' }), [], 'after its end, nothing streams');
  });

  it('ignores blank finished text, parts of other sessions and of the user message', () => {
    const { send } = turnOf();
    const blank = part({ id: 'prt_b', type: 'reasoning', text: '  ', time: { end: 2 } });
    assert.deepEqual(send('message.part.updated', { part: blank }), []);
    const foreign = {
      ...part({ id: 'prt_f', type: 'text', text: 'x', time: { end: 2 } }),
      sessionID: 'ses_2',
    };
    assert.deepEqual(send('message.part.updated', { part: foreign }), []);
    send('message.updated', { info: { id: 'msg_user', role: 'user' } });
    send('message.updated', { info: { id: 'msg_a', role: 'assistant' } });
    const prompt = part({
      id: 'prt_p',
      messageID: 'msg_user',
      type: 'text',
      text: 'do it',
      time: { end: 1 },
    });
    assert.deepEqual(send('message.part.updated', { part: prompt }), []);
    const answer = part({ id: 'prt_a', type: 'text', text: 'done', time: { end: 3 } });
    assert.deepEqual(send('message.part.updated', { part: answer }), [
      { type: 'part', part: { type: 'text', text: 'done' } },
    ]);
  });

  it("names each answer of our session, not a sub-agent's, as where a fork can cut", () => {
    const { send } = turnOf();
    const info = (id: string, role: string, sessionID = SESSION) => ({
      info: { id, role, sessionID },
    });
    assert.deepEqual(send('message.updated', info('msg_u', 'user')), []);
    assert.deepEqual(send('message.updated', info('msg_a', 'assistant')), [
      { type: 'cli-message', id: 'msg_a' },
    ]);
    assert.deepEqual(send('message.updated', info('msg_s', 'assistant', 'ses_child')), []);
    assert.deepEqual(send('message.updated', info('msg_a', 'assistant')), [], 'once per answer');
    assert.deepEqual(send('message.updated', info('msg_0', 'assistant')), [], 'an older one');
    assert.deepEqual(send('message.updated', info('msg_b', 'assistant')), [
      { type: 'cli-message', id: 'msg_b' },
    ]);
  });
});

describe('opencode usage', () => {
  it('adds each step once to a running total, cost included when a step reports one', () => {
    const { send } = turnOf();
    const step = (id: string, tokens: JsonObject, cost?: number) =>
      send('message.part.updated', {
        part: part({ id, type: 'step-finish', tokens, ...(cost === undefined ? {} : { cost }) }),
      });
    const first = step('s1', { input: 10, output: 2, reasoning: 1, cache: { read: 5, write: 3 } });
    assert.deepEqual(first, [
      {
        type: 'usage',
        usage: {
          input_tokens: 10,
          output_tokens: 2,
          cache_read_tokens: 5,
          cache_write_tokens: 3,
          reasoning_tokens: 1,
          cost_usd: null,
        },
      },
    ]);
    assert.deepEqual(step('s1', { input: 99 }), [], 'the same step is not counted twice');
    const second = step(
      's2',
      { input: 1, output: 1, reasoning: 1, cache: { read: 1, write: 1 } },
      0.25,
    );
    const third = step('s3', { input: 1 }, 0.5);
    assert.deepEqual(second[0]?.type === 'usage' && second[0].usage.cost_usd, 0.25);
    assert.deepEqual(third, [
      {
        type: 'usage',
        usage: {
          input_tokens: 12,
          output_tokens: 3,
          cache_read_tokens: 6,
          cache_write_tokens: 4,
          reasoning_tokens: 2,
          cost_usd: 0.75,
        },
      },
    ]);
    const free = step('s4', {});
    assert.equal(free[0]?.type === 'usage' && free[0].usage.cost_usd, 0.75);
  });
});

describe('opencode turn status', () => {
  it('ends on an idle status after busy, or after a failure, but not before either', () => {
    const status = (turn: OpencodeTurnEvents, type: string, sessionID = SESSION) =>
      turn.handle({ type: 'session.status', properties: { sessionID, status: { type } } }).idle;
    const busy = new OpencodeTurnEvents(SESSION);
    assert.equal(status(busy, 'idle'), false);
    assert.equal(busy.working, false);
    status(busy, 'busy', 'ses_other');
    assert.equal(busy.working, false, "another session's busy is not ours");
    status(busy, 'busy');
    assert.equal(status(busy, 'retry'), false);
    assert.equal(status(busy, 'idle', 'ses_other'), false);
    assert.equal(status(busy, 'idle'), true);

    const failed = new OpencodeTurnEvents(SESSION);
    const step = failed.handle({ type: 'session.error', properties: { sessionID: SESSION } });
    assert.equal(step.failed, true);
    assert.equal(failed.working, true);
    assert.equal(status(failed, 'idle'), true);

    const other = new OpencodeTurnEvents(SESSION);
    const foreign = other.handle({ type: 'session.error', properties: { sessionID: 'ses_2' } });
    assert.deepEqual(foreign, { events: [], permission: null, idle: false, failed: false });
    assert.equal(other.working, false);

    const polled = new OpencodeTurnEvents(SESSION);
    polled.markBusy();
    assert.equal(
      polled.handle({ type: 'session.idle', properties: { sessionID: SESSION } }).idle,
      true,
    );
  });
});

describe('opencode catch-up from stored messages', () => {
  const text = (id: string, value: string) =>
    part({ id, type: 'text', text: value, time: { end: 1 } });

  it('waits while no assistant message has finished or failed', () => {
    const { turn } = turnOf();
    assert.deepEqual(turn.catchUp([]), { events: [], done: false });
    const unfinished = { info: { id: 'msg_a', time: { created: 1 } }, parts: [text('p1', 'half')] };
    assert.deepEqual(turn.catchUp([unfinished]), { events: [], done: false });
  });

  it('reports the parts not seen yet once the last message completed or finished', () => {
    const { turn, send } = turnOf();
    send('message.part.updated', { part: text('p1', 'seen') });
    const completed = {
      info: { id: 'msg_a', time: { created: 1, completed: 2 } },
      parts: [text('p1', 'seen'), text('p2', 'missed')],
    };
    assert.deepEqual(turn.catchUp([completed]), {
      events: [{ type: 'part', part: { type: 'text', text: 'missed' } }],
      done: true,
    });
    const finished = { info: { id: 'msg_b', finish: 'stop' }, parts: [] };
    assert.deepEqual(new OpencodeTurnEvents(SESSION).catchUp([finished]), {
      events: [],
      done: true,
    });
  });

  it("reports the last message's error once, unless the stream already did", () => {
    const { turn } = turnOf();
    const failed = {
      info: { id: 'msg_a', error: { name: 'ProviderAuthError', data: { message: 'no key' } } },
      parts: [],
    };
    const error = { type: 'error', code: 'not-logged-in', message: 'no key' };
    assert.deepEqual(turn.catchUp([failed]), { events: [error], done: true });
    assert.deepEqual(turn.catchUp([failed]), { events: [], done: true });
  });
});

describe('opencode errors', () => {
  it('falls back on the error name, the status code, then the message', () => {
    assert.deepEqual(errorEvent(undefined), { type: 'error', code: 'api-error', message: 'Error' });
    assert.deepEqual(errorEvent({ name: 'UnknownError' }), {
      type: 'error',
      code: 'api-error',
      message: 'UnknownError',
    });
    assert.deepEqual(errorEvent({ name: 'APIError', data: { message: 'nope', statusCode: 401 } }), {
      type: 'error',
      code: 'not-logged-in',
      message: 'nope',
    });
    assert.deepEqual(errorEvent({ name: 'ModelNotFoundError', data: { message: 'gone' } }), {
      type: 'error',
      code: 'model-not-found',
      message: 'gone',
    });
  });
});
