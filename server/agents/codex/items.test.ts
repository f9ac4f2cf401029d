// What Codex's thread items become in a message, for the shapes the captures do not hold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_TOKENS } from '../../contract/index.js';
import { addModelCall, finishedTextPart, toolCall, toolResult } from './items.js';

describe('codex text and reasoning items', () => {
  it('keeps text and reasoning with content, and drops blank ones', () => {
    assert.deepEqual(finishedTextPart({ type: 'agentMessage', text: 'Done.' }), {
      type: 'text',
      text: 'Done.',
    });
    assert.equal(finishedTextPart({ type: 'agentMessage', text: ' \n' }), null);
    assert.equal(finishedTextPart({ type: 'agentMessage' }), null);
    assert.equal(finishedTextPart({ type: 'reasoning', summary: ['', ' '] }), null);
    assert.equal(finishedTextPart({ type: 'commandExecution', text: 'x' }), null);
  });

  it('joins reasoning summary parts as paragraphs, skipping empty and non-text ones', () => {
    const item = { type: 'reasoning', summary: ['One.', '', 42, 'Two.'], content: ['raw'] };
    assert.deepEqual(finishedTextPart(item), { type: 'thinking', text: 'One.\n\nTwo.' });
  });
});

describe('codex tool items', () => {
  it('names each tool item, with defaults for missing fields', () => {
    assert.deepEqual(toolCall({ type: 'commandExecution' }), {
      name: 'command_execution',
      input: { command: '' },
    });
    assert.deepEqual(toolCall({ type: 'mcpToolCall' }), { name: 'mcp/tool', input: {} });
    assert.deepEqual(toolCall({ type: 'webSearch' }), { name: 'web_search', input: { query: '' } });
    assert.deepEqual(toolCall({ type: 'fileChange' }), {
      name: 'file_change',
      input: { changes: [] },
    });
    assert.equal(toolCall({ type: 'agentMessage', text: 'hi' }), null);
  });

  it('lists changed files by path and kind, whichever form the kind takes', () => {
    const item = {
      type: 'fileChange',
      status: 'completed',
      changes: [
        { path: 'a.ts', kind: { type: 'update' }, diff: '@@' },
        { path: 'b.ts', kind: 'delete' },
        { kind: { type: 'add' } },
        { path: 'c.ts' },
        'not a change',
      ],
    };
    const changes = [
      { path: 'a.ts', kind: 'update' },
      { path: 'b.ts', kind: 'delete' },
      { path: '?', kind: 'add' },
      { path: 'c.ts', kind: 'change' },
      { path: '?', kind: 'change' },
    ];
    assert.deepEqual(toolCall(item), { name: 'file_change', input: { changes } });
    assert.deepEqual(toolResult(item), {
      output: 'update a.ts\ndelete b.ts\nadd ?\nchange c.ts\nchange ?',
      is_error: false,
    });
  });

  it('marks every finished status but completed as an error; no status is no error', () => {
    for (const type of ['commandExecution', 'fileChange', 'webSearch', 'mcpToolCall']) {
      assert.equal(toolResult({ type, status: 'completed' })?.is_error, false, type);
      assert.equal(toolResult({ type })?.is_error, false, type);
      assert.equal(toolResult({ type, status: 'failed' })?.is_error, true, type);
      assert.equal(toolResult({ type, status: 'declined' })?.is_error, true, type);
    }
    assert.equal(toolResult({ type: 'reasoning', status: 'failed' }), null);
  });

  it("reads a command's output, or nothing", () => {
    assert.deepEqual(toolResult({ type: 'commandExecution', aggregatedOutput: 'ok\n' }), {
      output: 'ok\n',
      is_error: false,
    });
    assert.equal(toolResult({ type: 'commandExecution', aggregatedOutput: null })?.output, '');
  });

  it("reads an MCP result's text blocks, else its structured content, else its content", () => {
    const mcp = (result: unknown) => toolResult({ type: 'mcpToolCall', result })?.output;
    const texts = [{ type: 'text', text: 'one' }, { type: 'image' }, { type: 'text', text: 'two' }];
    assert.equal(mcp({ content: texts }), 'one\ntwo');
    assert.equal(
      mcp({ content: [{ type: 'image' }], structuredContent: { hits: 2 } }),
      '{\n  "hits": 2\n}',
    );
    assert.equal(
      mcp({ content: [{ type: 'image', data: 'x' }] }),
      JSON.stringify([{ type: 'image', data: 'x' }], null, 2),
    );
    assert.equal(mcp(null), '');
    assert.deepEqual(
      toolResult({ type: 'mcpToolCall', status: 'failed', error: { message: 'gone' } }),
      { output: 'gone', is_error: true },
    );
    assert.deepEqual(
      toolResult({ type: 'mcpToolCall', status: 'completed', error: {}, result: { content: [] } }),
      { output: JSON.stringify([], null, 2), is_error: false },
      'an error without a message is no error',
    );
  });
});

describe('codex usage', () => {
  it('adds each model call to the turn, field by field, with no cost', () => {
    const turn = { ...NO_TOKENS, cost_usd: null };
    const call = {
      inputTokens: 100,
      outputTokens: 20,
      cachedInputTokens: 60,
      cacheWriteInputTokens: 7,
      reasoningOutputTokens: 5,
    };
    const once = addModelCall(turn, call);
    const twice = addModelCall(once, { ...call, inputTokens: 1 });
    assert.deepEqual(twice, {
      input_tokens: 101,
      output_tokens: 40,
      cache_read_tokens: 120,
      cache_write_tokens: 14,
      reasoning_tokens: 10,
      cost_usd: null,
    });
    assert.deepEqual(addModelCall(once, undefined), once);
  });
});
