// How Claude's failures read, for the result and API error shapes no capture holds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replay } from '../shared/parser-harness.js';
import { createClaudeParser } from './parser.js';

const line = (value: unknown): string => JSON.stringify(value);
const SESSION = '11111111-2222-4333-8444-555555555555';
const failed = (extra: Record<string, unknown>) =>
  line({ type: 'result', is_error: true, session_id: SESSION, ...extra });
const apiErrorLine = (content: unknown[], extra: Record<string, unknown>) =>
  line({ type: 'assistant', message: { id: 'msg_1', content }, session_id: SESSION, ...extra });
const errorsOf = (lines: string[], exit = {}) => replay(createClaudeParser(), lines, exit).errors;

describe('error results', () => {
  it('map budget and turn limits by subtype, with every error line', () => {
    const budget = failed({ subtype: 'error_max_budget_usd', errors: ['Over budget', 7, 'Stop'] });
    assert.deepEqual(errorsOf([budget]), [
      { code: 'budget-exceeded', message: 'Over budget\nStop' },
    ]);
  });

  it('say which subtype ended the run when nothing else does', () => {
    assert.deepEqual(errorsOf([failed({ subtype: 'error_during_execution', result: ' ' })]), [
      { code: 'api-error', message: 'Claude ended with error_during_execution.' },
    ]);
    assert.deepEqual(errorsOf([failed({})]), [
      { code: 'api-error', message: 'Claude ended with an error.' },
    ]);
  });

  it('classify by the words, then by the HTTP status', () => {
    assert.deepEqual(errorsOf([failed({ result: 'Not logged in · Please run /login' })]), [
      { code: 'not-logged-in', message: 'Not logged in · Please run /login' },
    ]);
    assert.deepEqual(errorsOf([failed({ result: 'Request failed', api_error_status: 429 })]), [
      { code: 'rate-limited', message: 'Request failed' },
    ]);
  });

  it("keep an earlier API error's code, with the result's words or else the API's", () => {
    const apiError = apiErrorLine([{ type: 'text', text: 'Model gone' }], {
      error: 'model_not_found',
    });
    assert.deepEqual(errorsOf([apiError, failed({ result: 'Turn failed' })]), [
      { code: 'model-not-found', message: 'Turn failed' },
    ]);
    assert.deepEqual(errorsOf([apiError, failed({ subtype: 'error_during_execution' })]), [
      { code: 'model-not-found', message: 'Model gone' },
    ]);
  });

  it('report an aborted turn as cancelled even after an API error', () => {
    const apiError = apiErrorLine([], { error: 'overloaded' });
    const aborted = failed({ subtype: 'error_during_execution', terminal_reason: 'aborted_tools' });
    assert.deepEqual(errorsOf([apiError, aborted]), [
      { code: 'cancelled', message: 'Claude was interrupted.' },
    ]);
  });
});

describe('API error lines', () => {
  it('without a known kind take the HTTP status, then api-error; the words fall back', () => {
    const byStatus = apiErrorLine([], { is_api_error_message: true, api_error_status: 403 });
    assert.deepEqual(errorsOf([byStatus], { code: 1 }), [
      { code: 'not-logged-in', message: 'The API returned an error.' },
    ]);
    const unknownKind = apiErrorLine([{ type: 'image' }], { error: 'server_error' });
    assert.deepEqual(errorsOf([unknownKind], { code: 1 }), [
      { code: 'api-error', message: 'server_error' },
    ]);
    const words = apiErrorLine(
      [
        { type: 'text', text: 'first' },
        { type: 'text', text: '' },
        { type: 'text', text: 'second' },
      ],
      { error: 'authentication_failed' },
    );
    assert.deepEqual(errorsOf([words], { code: 1 }), [
      { code: 'not-logged-in', message: 'first\nsecond' },
    ]);
  });

  it('give way to the signal when the run was interrupted', () => {
    const apiError = apiErrorLine([{ type: 'text', text: 'Overloaded' }], { error: 'overloaded' });
    const errors = errorsOf([apiError], { code: null, signal: 'SIGINT' });
    assert.equal(errors[0]?.code, 'cancelled');
  });

  it('are no part of the answer', () => {
    const run = replay(createClaudeParser(), [
      apiErrorLine([{ type: 'text', text: 'Overloaded' }], { error: 'overloaded' }),
    ]);
    assert.deepEqual(run.texts, []);
    assert.deepEqual(run.errors, [], 'a clean exit after it reports nothing');
  });
});

describe('stream details', () => {
  it('streams only non-empty text and thinking deltas', () => {
    const delta = (value: Record<string, unknown>) =>
      line({ type: 'stream_event', event: { type: 'content_block_delta', delta: value } });
    const run = replay(createClaudeParser(), [
      delta({ type: 'text_delta', text: '' }),
      delta({ type: 'thinking_delta', thinking: '' }),
      delta({ type: 'text_delta', thinking: 'misfiled' }),
      delta({ type: 'thinking_delta', text: 'misfiled' }),
      delta({ type: 'input_json_delta', partial_json: '{"a"' }),
      delta({ type: 'thinking_delta', thinking: 'hm' }),
      line({ type: 'stream_event', event: { type: 'content_block_start', delta: { text: 'x' } } }),
    ]);
    assert.deepEqual(run.events, [{ type: 'delta', kind: 'thinking', text: 'hm' }]);
  });

  it('reads images and other blocks of a tool result', () => {
    const run = replay(createClaudeParser(), [
      line({
        type: 'user',
        message: {
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [{ type: 'image' }, { type: 'text' }, { type: 'document', id: 3 }],
            },
            { type: 'tool_result', content: 'no id' },
            { type: 'text', tool_use_id: 'toolu_2', text: 'not a result' },
          ],
        },
      }),
    ]);
    assert.deepEqual(run.events, [
      {
        type: 'part',
        part: {
          type: 'tool_result',
          tool_use_id: 'toolu_1',
          output: `[image]\n\n${JSON.stringify({ type: 'document', id: 3 }, null, 2)}`,
          is_error: false,
        },
      },
    ]);
  });

  it('announces each new conversation id once', () => {
    const run = replay(createClaudeParser(), [
      line({ type: 'system', session_id: 'a' }),
      line({ type: 'system', session_id: 'a' }),
      line({ type: 'system', session_id: 'b' }),
      line({ type: 'system', session_id: '' }),
    ]);
    assert.deepEqual(run.conversations, ['a', 'b']);
  });
});
