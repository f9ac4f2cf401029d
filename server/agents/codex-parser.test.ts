import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCodexParser } from './codex-parser.js';
import { fixtureLines, replay } from './parser-harness.js';

const line = (value: unknown): string => JSON.stringify(value);
const THREAD = '01a225e9-a5f7-7a52-b781-bc5a7860ba75';
const started = line({ type: 'thread.started', thread_id: THREAD });
const item = (event: 'item.started' | 'item.completed', value: Record<string, unknown>): string =>
  line({ type: event, item: value });

// Real codex 0.171.0 output, produced with the argv codex.ts builds against the e2e model stub.
describe('codex 0.171.0 captures', () => {
  it('pairs each started command and file change with its completion', () => {
    const run = replay(createCodexParser(), fixtureLines('codex-0171-tools.jsonl'));
    assert.deepEqual(run.conversations, ['01a22608-e024-7010-9bbb-a10d395250f2']);
    assert.deepEqual(run.thinking, ['Look first.']);
    assert.deepEqual(
      run.toolCalls.map(({ id, name, output, is_error }) => ({ id, name, output, is_error })),
      [
        { id: 'item_1', name: 'command_execution', output: 'README.md\n', is_error: false },
        {
          id: 'item_2',
          name: 'command_execution',
          output: 'cat: missing-file.txt: No such file or directory\n',
          is_error: true,
        },
        {
          id: 'item_3',
          name: 'file_change',
          output: 'add /tmp/cap-wt-QmI7Sa/notes.txt',
          is_error: false,
        },
      ],
    );
    assert.deepEqual(run.toolUseIds, ['item_1', 'item_2', 'item_3']);
    assert.deepEqual(run.texts, ['All done.']);
    assert.deepEqual(run.usage, {
      input_tokens: 29010,
      output_tokens: 195,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 3,
      cost_usd: null,
    });
    assert.deepEqual(run.errors, []);
  });

  it('shows nothing for a write the read-only sandbox refused (only stderr mentions it)', () => {
    const run = replay(createCodexParser(), fixtureLines('codex-0171-plan-denied-write.jsonl'));
    assert.deepEqual(run.toolCalls, []);
    assert.deepEqual(run.texts, ['Plan: 1. write blocked.txt']);
    assert.deepEqual(run.errors, []);
  });

  it('reports a 401 as not-logged-in, once', () => {
    const run = replay(createCodexParser(), fixtureLines('codex-0171-http-401.jsonl'), { code: 1 });
    assert.equal(run.errors.length, 1);
    assert.equal(run.errors[0]?.code, 'not-logged-in');
    assert.match(
      run.errors[0]?.message ?? '',
      /^unexpected status 401 Unauthorized: Incorrect API key provided/,
    );
  });
});

describe('codex parser', () => {
  it('reports a started-then-completed item as one tool_use and one tool_result', () => {
    const command = { id: 'item_1', type: 'command_execution', command: "/bin/bash -lc 'ls'" };
    const run = replay(createCodexParser(), [
      started,
      item('item.started', {
        ...command,
        aggregated_output: '',
        exit_code: null,
        status: 'in_progress',
      }),
      item('item.completed', {
        ...command,
        aggregated_output: 'a\nb\n',
        exit_code: 0,
        status: 'completed',
      }),
    ]);
    assert.deepEqual(run.toolUseIds, ['item_1']);
    assert.deepEqual(run.toolResultIds, ['item_1']);
    assert.deepEqual(run.toolCalls, [
      {
        id: 'item_1',
        name: 'command_execution',
        input: { command: "/bin/bash -lc 'ls'" },
        output: 'a\nb\n',
        is_error: false,
      },
    ]);
  });

  it('announces items that complete without a started line', () => {
    const run = replay(createCodexParser(), [
      item('item.completed', { id: 'item_3', type: 'web_search', query: 'node 20 test runner' }),
      item('item.completed', {
        id: 'item_4',
        type: 'file_change',
        changes: [
          { path: '/w/a.ts', kind: 'add' },
          { path: '/w/b.ts', kind: 'update' },
        ],
        status: 'completed',
      }),
    ]);
    assert.deepEqual(
      run.toolCalls.map(({ id, name, output, is_error }) => ({ id, name, output, is_error })),
      [
        { id: 'item_3', name: 'web_search', output: '', is_error: false },
        {
          id: 'item_4',
          name: 'file_change',
          output: 'add /w/a.ts\nupdate /w/b.ts',
          is_error: false,
        },
      ],
    );
  });

  it('names MCP calls server/tool and reads their text content or error', () => {
    const call = { type: 'mcp_tool_call', server: 'docs', tool: 'search', arguments: { q: 'x' } };
    const run = replay(createCodexParser(), [
      item('item.started', { id: 'item_1', ...call, status: 'in_progress' }),
      item('item.completed', {
        id: 'item_1',
        ...call,
        status: 'completed',
        result: { content: [{ type: 'text', text: 'found it' }], structured_content: null },
      }),
      item('item.completed', {
        id: 'item_2',
        ...call,
        status: 'failed',
        error: { message: 'server gone' },
      }),
    ]);
    assert.deepEqual(
      run.toolCalls.map(({ name, input, output, is_error }) => ({ name, input, output, is_error })),
      [
        { name: 'docs/search', input: { q: 'x' }, output: 'found it', is_error: false },
        { name: 'docs/search', input: { q: 'x' }, output: 'server gone', is_error: true },
      ],
    );
  });

  it('keeps warnings, todo lists and unknown lines out of the message', () => {
    const run = replay(createCodexParser(), [
      'Reading additional input from stdin...',
      started,
      item('item.completed', {
        id: 'item_0',
        type: 'error',
        message: 'Model metadata for `x` not found.',
      }),
      item('item.started', {
        id: 'item_1',
        type: 'todo_list',
        items: [{ text: 'a', completed: false }],
      }),
      line({ type: 'item.updated', item: { id: 'item_1', type: 'todo_list' } }),
      line({ type: 'brand.new.event', payload: 1 }),
      line({ usage: { output_tokens: 5, input_tokens: 7 }, type: 'turn.completed' }),
    ]);
    assert.deepEqual(run.conversations, [THREAD]);
    assert.deepEqual(run.toolCalls, []);
    assert.deepEqual(run.errors, []);
    assert.deepEqual(run.usage, {
      input_tokens: 7,
      output_tokens: 5,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      cost_usd: null,
    });
  });

  it('reports turn.failed once, unwrapping a JSON error body (real 0.171.0 output)', () => {
    const body =
      '{"type":"error","error":{"type":"invalid_request_error","message":"probe: request captured"}}';
    const run = replay(
      createCodexParser(),
      [
        started,
        line({ type: 'turn.started' }),
        line({ type: 'error', message: 'Reconnecting... 1/5 (unexpected status 503)' }),
        line({ type: 'error', message: body }),
        line({ type: 'turn.failed', error: { message: body } }),
      ],
      { code: 1, stderr: 'Reading additional input from stdin...\n' },
    );
    assert.deepEqual(run.errors, [{ code: 'api-error', message: 'probe: request captured' }]);
  });

  it('classifies a 401 after the reconnect attempts as not-logged-in', () => {
    const message =
      'unexpected status 401 Unauthorized: Incorrect API key provided, url: http://x/v1/responses';
    const run = replay(
      createCodexParser(),
      [started, line({ type: 'turn.failed', error: { message } })],
      {
        code: 1,
      },
    );
    assert.deepEqual(run.errors, [{ code: 'not-logged-in', message }]);
  });

  it('uses the last stream error when the process dies before turn.failed', () => {
    const run = replay(
      createCodexParser(),
      [started, line({ type: 'error', message: 'stream disconnected' })],
      {
        code: 1,
      },
    );
    assert.deepEqual(run.errors, [{ code: 'api-error', message: 'stream disconnected' }]);
  });

  it('explains an unknown resume id from stderr, skipping the backtrace (real 0.171.0 output)', () => {
    const stderr = [
      'WARNING: proceeding, even though we could not create PATH aliases: Refusing to create helper binaries',
      'Error: thread/resume: thread/resume failed: no rollout found for thread id 0199aaaa (code -32600)',
      '',
      'Stack backtrace:',
      '   0: <unknown>',
      '   1: <unknown>',
    ].join('\n');
    const run = replay(createCodexParser(), [], { code: 1, stderr });
    assert.deepEqual(run.errors, [
      {
        code: 'session-not-found',
        message:
          'Error: thread/resume: thread/resume failed: no rollout found for thread id 0199aaaa (code -32600)',
      },
    ]);
  });

  it('treats SIGTERM without a terminal event as cancelled and a clean exit as nothing', () => {
    const lines = [started, line({ type: 'turn.started' })];
    const stopped = replay(createCodexParser(), lines, { code: 143 });
    assert.equal(stopped.errors.length, 1);
    assert.equal(stopped.errors[0]?.code, 'cancelled');
    assert.deepEqual(replay(createCodexParser(), lines).errors, []);
  });
});
