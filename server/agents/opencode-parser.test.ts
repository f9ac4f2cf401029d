import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOpencodeParser } from './opencode-parser.js';
import { fixtureLines, replay } from './parser-harness.js';

const SESSION = 'ses_dda01838dffe7Sqp2azvMZQ8D0';
const line = (type: string, fields: Record<string, unknown>): string =>
  JSON.stringify({ type, timestamp: 1795933785668, sessionID: SESSION, ...fields });
const tool = (status: string, state: Record<string, unknown>): string =>
  line('tool_use', {
    part: {
      type: 'tool',
      tool: 'bash',
      callID: 'call_1',
      state: { status, input: { command: 'ls' }, ...state },
    },
  });
const stepFinish = (tokens: Record<string, unknown>, cost?: number): string =>
  line('step_finish', {
    part: { type: 'step-finish', reason: 'stop', tokens, ...(cost === undefined ? {} : { cost }) },
  });

// Real opencode 1.18.33 output, produced with the argv opencode.ts builds against the e2e model stub.
describe('opencode 1.18.33 captures', () => {
  it('reads reasoning, text, tools and summed usage from a build run', () => {
    const run = replay(createOpencodeParser(), fixtureLines('opencode-11833-tools.jsonl'));
    assert.deepEqual(run.conversations, ['ses_dd9f6c75dffeXf0rNkwmcPX8Q4']);
    assert.deepEqual(run.thinking, ['Read it.']);
    assert.deepEqual(run.texts, ['Looking.', 'All done.']);
    assert.deepEqual(
      run.toolCalls.map(({ name, is_error }) => [name, is_error]),
      [
        ['read', false],
        ['bash', false],
        ['write', false],
      ],
    );
    assert.equal(run.toolCalls[1]?.output, 'cat: missing-file.txt: No such file or directory\n');
    assert.equal(run.usageEvents, 4);
    assert.deepEqual(run.usage, {
      input_tokens: 2472 + 2600 + 2679 + 2751,
      output_tokens: 54 + 34 + 34 + 9,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      cost_usd: 0,
    });
    assert.deepEqual(run.errors, []);
  });

  it('shows plan mode refusing bash as a failed bash call', () => {
    const run = replay(createOpencodeParser(), fixtureLines('opencode-11833-plan-denied.jsonl'));
    assert.equal(run.toolCalls.length, 1);
    assert.equal(run.toolCalls[0]?.name, 'bash');
    assert.equal(run.toolCalls[0]?.is_error, true);
    assert.match(run.toolCalls[0]?.output ?? '', /unavailable tool 'bash'/);
    assert.deepEqual(run.texts, ['Plan: 1. touch x']);
  });

  it('reports a 401 as not-logged-in with the provider message', () => {
    const run = replay(createOpencodeParser(), fixtureLines('opencode-11833-http-401.jsonl'), {
      code: 1,
    });
    assert.deepEqual(run.errors, [{ code: 'not-logged-in', message: 'invalid x-api-key' }]);
    assert.equal(run.usage, null);
  });
});

describe('opencode parser', () => {
  it('names the cause behind "Unexpected server error" from the --print-logs stderr (real 1.18.33 output)', () => {
    const stdout = line('error', {
      error: {
        name: 'UnknownError',
        data: {
          message: 'Unexpected server error. Check server logs for details.',
          ref: 'err_47762cc9',
        },
      },
    });
    const stderr = [
      'timestamp=2026-11-29T06:29:45.122Z level=ERROR run=3d2cabe3 message="share subscriber failed" type=message.updated cause="Cause([Fail(ProviderModelNotFoundError: Model not found: mock/nope.)])"',
      'timestamp=2026-11-29T06:29:45.634Z level=ERROR run=3d2cabe3 message=failed ref=err_47762cc9 error="ProviderModelNotFoundError: Model not found: mock/nope." cause="ProviderModelNotFoundError: Model not found: mock/nope.\\n    at <anonymous>"',
    ].join('\n');
    const parser = createOpencodeParser();
    assert.deepEqual(
      parser.line(stdout),
      [{ type: 'conversation', id: SESSION }],
      'held until the exit',
    );
    const events = parser.finish({ code: 1, signal: null, stderr });
    assert.deepEqual(events, [
      {
        type: 'error',
        code: 'model-not-found',
        message: 'ProviderModelNotFoundError: Model not found: mock/nope.',
      },
    ]);
  });

  it('keeps the stdout message when stderr does not name the ref', () => {
    const message = 'Unexpected server error. Check server logs for details.';
    const run = replay(
      createOpencodeParser(),
      [line('error', { error: { name: 'UnknownError', data: { message, ref: 'err_1' } } })],
      {
        code: 1,
      },
    );
    assert.deepEqual(run.errors, [{ code: 'api-error', message }]);
  });

  it('maps provider errors by status and name', () => {
    const rateLimited = replay(createOpencodeParser(), [
      line('error', {
        error: { name: 'APIError', data: { message: 'slow down', statusCode: 429 } },
      }),
    ]);
    assert.deepEqual(rateLimited.errors, [{ code: 'rate-limited', message: 'slow down' }]);
    const missing = replay(createOpencodeParser(), [
      line('error', { error: { name: 'ProviderModelNotFoundError', data: { message: 'nope' } } }),
    ]);
    assert.deepEqual(missing.errors, [{ code: 'model-not-found', message: 'nope' }]);
  });

  it('explains an unknown --session from its coloured stderr (real 1.18.33 output)', () => {
    const run = replay(createOpencodeParser(), [], {
      code: 1,
      stderr: '\u001b[91m\u001b[1mError: \u001b[0mSession not found\n',
    });
    assert.deepEqual(run.errors, [
      { code: 'session-not-found', message: 'Error: Session not found' },
    ]);
  });

  it('treats SIGINT (130) without a final line as cancelled; a clean exit adds nothing', () => {
    const lines = [line('step_start', { part: { type: 'step-start' } })];
    assert.equal(replay(createOpencodeParser(), lines, { code: 130 }).errors[0]?.code, 'cancelled');
    assert.deepEqual(replay(createOpencodeParser(), lines).errors, []);
  });

  it('reports a tool once even when a later version also sends its running state', () => {
    const run = replay(createOpencodeParser(), [
      tool('running', {}),
      tool('completed', { output: 'a\n', metadata: { exit: 0 } }),
      tool('completed', { output: 'a\n', metadata: { exit: 0 } }),
    ]);
    assert.deepEqual(run.toolUseIds, ['call_1']);
    assert.deepEqual(run.toolResultIds, ['call_1']);
    assert.deepEqual(run.toolCalls, [
      { id: 'call_1', name: 'bash', input: { command: 'ls' }, output: 'a\n', is_error: false },
    ]);
  });

  it('reports a running total of usage after each step', () => {
    const run = replay(createOpencodeParser(), [
      stepFinish({ input: 10, output: 2, reasoning: 1, cache: { read: 100, write: 5 } }, 0.1),
      stepFinish({ input: 20, output: 3, reasoning: 0, cache: { read: 200, write: 0 } }, 0.2),
      line('done', { reason: 'idle', rejected: [] }),
    ]);
    assert.equal(run.usageEvents, 2);
    assert.deepEqual(run.usage, {
      input_tokens: 30,
      output_tokens: 5,
      cache_read_tokens: 300,
      cache_write_tokens: 5,
      reasoning_tokens: 1,
      cost_usd: 0.3,
    });
    const noCost = replay(createOpencodeParser(), [stepFinish({ input: 1 })]);
    assert.equal(noCost.usage?.cost_usd, null);
  });

  it('ignores non-JSON and unknown lines', () => {
    const parser = createOpencodeParser();
    for (const text of ['', 'opencode v1.18.33', '{"type":"brand_new"}', '{oops']) {
      assert.deepEqual(parser.line(text), []);
    }
  });
});
