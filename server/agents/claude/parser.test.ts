import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createClaudeParser } from './parser.js';
import { fixtureLines, replay } from '../shared/parser-harness.js';

const line = (value: unknown): string => JSON.stringify(value);
const SESSION = '11111111-2222-4333-8444-555555555555';
const assistant = (content: unknown[], extra: Record<string, unknown> = {}): string =>
  line({
    type: 'assistant',
    message: { id: 'msg_1', content },
    parent_tool_use_id: null,
    session_id: SESSION,
    ...extra,
  });
const toolResult = (id: string, content: unknown, extra: Record<string, unknown> = {}): string =>
  line({
    type: 'user',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content }] },
    parent_tool_use_id: null,
    session_id: SESSION,
    ...extra,
  });
const success = (result: string): string =>
  line({
    type: 'result',
    subtype: 'success',
    is_error: false,
    result,
    session_id: SESSION,
    usage: {},
  });

// Streams captured from the real claude 2.1.197 here, run against a loopback mock of the API
// (see fixtures/README.md).
describe('claude 2.1.197 captures', () => {
  it('streams thinking and text as deltas, then reports each block once', () => {
    const run = replay(createClaudeParser(), fixtureLines('claude-197-text.jsonl'));
    assert.deepEqual(run.conversations, ['7679f7a9-9ffd-4c4d-a647-d3dd46d72fad']);
    assert.equal(run.streamed.thinking, 'Thinking about it.');
    assert.equal(run.streamed.text, 'Hello from the mock. Second sentence.');
    assert.deepEqual(run.thinking, ['Thinking about it.']);
    assert.deepEqual(run.texts, ['Hello from the mock. Second sentence.']);
    assert.deepEqual(run.usage, {
      input_tokens: 12,
      output_tokens: 21,
      cache_read_tokens: 100,
      cache_write_tokens: 3,
      reasoning_tokens: 0,
      cost_usd: 0.00039225,
    });
    assert.deepEqual(run.errors, []);
    assert.deepEqual(run.plans, []);
  });

  it("names each assistant line's uuid: where a fork can cut the conversation", () => {
    const run = replay(createClaudeParser(), fixtureLines('claude-197-text.jsonl'));
    assert.deepEqual(run.cliMessages, [
      'd703c6f4-c21b-4a7d-be4b-5914a22016b9',
      '464aa3bf-da62-4ecc-8aa3-1d38e012756b',
    ]);
  });

  it('pairs tool calls with their results, denied ones as errors', () => {
    const run = replay(createClaudeParser(), fixtureLines('claude-197-build.jsonl'));
    assert.deepEqual(
      run.toolCalls.map(({ name, is_error }) => [name, is_error]),
      [
        ['Bash', true],
        ['Write', false],
      ],
    );
    assert.match(run.toolCalls[0]?.output ?? '', /was blocked/);
    assert.deepEqual(run.texts, ['Let me look.', 'Done.']);
    assert.deepEqual(run.plans, []);
  });

  it('takes the plan from the plan file when ExitPlanMode is unavailable in -p', () => {
    const run = replay(createClaudeParser(), fixtureLines('claude-197-plan.jsonl'));
    assert.deepEqual(run.plans, ['# Plan\n1. Do the thing.\n']);
    assert.deepEqual(
      run.toolCalls.map(({ name, is_error }) => [name, is_error]),
      [
        ['Write', false],
        ['ExitPlanMode', true],
      ],
    );
    assert.deepEqual(run.texts, ['Plan presented.']);
  });

  it('reports an unknown resume id as session-not-found', () => {
    const stderr = 'No conversation found with session ID: 0f0e0d0c-1111-4222-8333-444455556666\n';
    const run = replay(createClaudeParser(), fixtureLines('claude-197-resume-unknown.jsonl'), {
      code: 1,
      stderr,
    });
    assert.deepEqual(run.errors, [{ code: 'session-not-found', message: stderr.trim() }]);
  });

  it('maps the synthetic API error lines to stable codes, once each', () => {
    const auth = replay(createClaudeParser(), fixtureLines('claude-197-auth-401.jsonl'), {
      code: 1,
    });
    assert.deepEqual(auth.errors, [
      { code: 'not-logged-in', message: 'Failed to authenticate. API Error: 401 mock says 401' },
    ]);
    assert.deepEqual(auth.texts, [], 'the error text is not an answer');
    const model = replay(createClaudeParser(), fixtureLines('claude-197-model-404.jsonl'), {
      code: 1,
    });
    assert.equal(model.errors.length, 1);
    assert.equal(model.errors[0]?.code, 'model-not-found');
    assert.match(model.errors[0]?.message ?? '', /issue with the selected model \(claude-nope-9\)/);
  });

  it('reports SIGINT (a result with aborted_streaming, exit 0) as cancelled', () => {
    const run = replay(createClaudeParser(), fixtureLines('claude-197-sigint.jsonl'), { code: 0 });
    assert.deepEqual(run.errors, [{ code: 'cancelled', message: 'Claude was interrupted.' }]);
    assert.deepEqual(run.texts, []);
  });

  it("an interrupted turn keeps the tokens its calls reported while streaming, not the result's zeros", () => {
    const run = replay(createClaudeParser(), fixtureLines('claude-197-sigint.jsonl'), { code: 0 });
    assert.deepEqual(run.usage, {
      input_tokens: 12,
      output_tokens: 1,
      cache_read_tokens: 100,
      cache_write_tokens: 3,
      reasoning_tokens: 0,
      cost_usd: null,
    });
    assert.equal(run.usageEvents, 1);
  });

  it('a turn killed before its result reports the tokens streamed so far', () => {
    const lines = fixtureLines('claude-197-build.jsonl').filter(
      (text) => !text.includes('"type":"result"'),
    );
    const run = replay(createClaudeParser(), lines, { code: null, signal: 'SIGKILL' });
    assert.ok(run.usage, 'usage reported');
    assert.equal(run.usage.output_tokens, 63, 'three calls of 21 output tokens each');
    assert.equal(run.usage.cost_usd, null, 'cost unknown without a result');
  });
});

describe('claude parser', () => {
  it('ignores blank, non-JSON and unknown lines, and unknown fields', () => {
    const parser = createClaudeParser();
    for (const text of [
      '',
      '   ',
      'Warning: something',
      '[1,2]',
      '{not json',
      '{"type":"rate_limit_event"}',
    ]) {
      assert.deepEqual(parser.line(text), []);
    }
    assert.deepEqual(
      parser.line(line({ zzz: 1, type: 'system', subtype: 'brand_new', session_id: SESSION })),
      [{ type: 'conversation', id: SESSION }],
    );
    assert.deepEqual(parser.finish({ code: 0, signal: null, stderr: '' }), []);
  });

  it('is pure: two parsers over the same lines give the same events', () => {
    const lines = fixtureLines('claude-tools.jsonl');
    assert.deepEqual(
      replay(createClaudeParser(), lines).events,
      replay(createClaudeParser(), lines).events,
    );
  });

  it('joins array tool_result content and keeps absent is_error as false', () => {
    const run = replay(createClaudeParser(), [
      assistant([{ type: 'tool_use', id: 't1', name: 'Read', input: { file_path: '/a' } }]),
      toolResult('t1', [
        { type: 'text', text: 'line one' },
        { type: 'text', text: 'line two' },
      ]),
    ]);
    assert.deepEqual(run.toolCalls, [
      {
        id: 't1',
        name: 'Read',
        input: { file_path: '/a' },
        output: 'line one\nline two',
        is_error: false,
      },
    ]);
  });

  it('leaves sub-agent traffic out of the message but keeps the Task call and its result', () => {
    const run = replay(createClaudeParser(), [
      assistant([{ type: 'tool_use', id: 'task1', name: 'Task', input: { prompt: 'look' } }]),
      assistant([{ type: 'text', text: 'inner chatter' }], { parent_tool_use_id: 'task1' }),
      line({
        type: 'stream_event',
        parent_tool_use_id: 'task1',
        session_id: SESSION,
        event: {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: 'inner' },
        },
      }),
      toolResult('task1', 'sub-agent summary'),
    ]);
    assert.deepEqual(run.texts, []);
    assert.equal(run.streamed.text, '');
    assert.deepEqual(
      run.toolCalls.map((call) => call.output),
      ['sub-agent summary'],
    );
  });

  it('emits the ExitPlanMode plan when the tool carries one (2.1.332 shape)', () => {
    const plan = '## Plan\n- step';
    const run = replay(createClaudeParser(), [
      assistant([{ type: 'tool_use', id: 'p1', name: 'ExitPlanMode', input: { plan } }]),
      toolResult('p1', 'Exit plan mode?', { tool_use_result: 'Error: denied' }),
      success('Here is the plan.'),
    ]);
    assert.deepEqual(run.plans, [plan]);
  });

  it('follows Edits of the plan file, starting from the original file the CLI reports', () => {
    const planPath = '/home/dev/.claude/plans/fix-it.md';
    const run = replay(createClaudeParser(), [
      assistant([
        {
          type: 'tool_use',
          id: 'e1',
          name: 'Edit',
          input: { file_path: planPath, old_string: 'v1', new_string: 'v2' },
        },
      ]),
      toolResult('e1', 'updated', {
        tool_use_result: { filePath: planPath, originalFile: '# Plan v1\n' },
      }),
      success('Updated the plan.'),
    ]);
    assert.deepEqual(run.plans, ['# Plan v2\n']);
  });

  it('ignores a refused plan-file write', () => {
    const run = replay(createClaudeParser(), [
      assistant([
        {
          type: 'tool_use',
          id: 'w1',
          name: 'Write',
          input: { file_path: '/h/.claude/plans/a.md', content: 'x' },
        },
      ]),
      line({
        type: 'user',
        message: {
          content: [{ type: 'tool_result', tool_use_id: 'w1', content: 'denied', is_error: true }],
        },
        session_id: SESSION,
      }),
      success('ok'),
    ]);
    assert.deepEqual(run.plans, []);
  });

  it('falls back to result.result when no assistant text line came', () => {
    const run = replay(createClaudeParser(), [success('Only in the result.')]);
    assert.deepEqual(run.texts, ['Only in the result.']);
  });

  it('maps error results without an assistant error by subtype and text', () => {
    const result = (extra: Record<string, unknown>) =>
      line({ type: 'result', is_error: true, session_id: SESSION, ...extra });
    const turns = replay(createClaudeParser(), [
      result({ subtype: 'error_max_turns', errors: ['Reached maximum number of turns (1)'] }),
    ]);
    assert.deepEqual(turns.errors, [
      { code: 'max-turns', message: 'Reached maximum number of turns (1)' },
    ]);
    const other = replay(
      createClaudeParser(),
      [result({ subtype: 'success', result: 'Something odd' })],
      {
        code: 1,
      },
    );
    assert.deepEqual(other.errors, [{ code: 'api-error', message: 'Something odd' }]);
  });

  it('drops an API error line when the run still succeeds', () => {
    const run = replay(createClaudeParser(), [
      assistant([{ type: 'text', text: 'Overloaded, retrying' }], { error: 'overloaded' }),
      assistant([{ type: 'text', text: 'Answer.' }]),
      success('Answer.'),
    ]);
    assert.deepEqual(run.errors, []);
    assert.deepEqual(run.texts, ['Answer.']);
  });

  it('reports an API error line whose result never came when the process fails', () => {
    const run = replay(
      createClaudeParser(),
      [assistant([{ type: 'text', text: 'Rate limited' }], { error: 'rate_limit' })],
      { code: 1 },
    );
    assert.deepEqual(run.errors, [{ code: 'rate-limited', message: 'Rate limited' }]);
  });

  it('explains a non-zero exit without a result from stderr', () => {
    const stderr =
      '--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons\n';
    const crashed = replay(createClaudeParser(), [], { code: 1, stderr });
    assert.deepEqual(crashed.errors, [{ code: 'cli-crashed', message: stderr.trim() }]);
    const silent = replay(createClaudeParser(), [], { code: 1 });
    assert.deepEqual(silent.errors, [
      { code: 'cli-crashed', message: 'The CLI exited with code 1 and printed no error.' },
    ]);
    const stopped = replay(createClaudeParser(), [], { code: null, signal: 'SIGTERM' });
    assert.equal(stopped.errors[0]?.code, 'cancelled');
    assert.deepEqual(replay(createClaudeParser(), []).errors, [], 'a clean exit adds nothing');
  });
});
