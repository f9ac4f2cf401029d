// Branches of the Claude stream parser that the captures do not reach: the per-turn cost of newer
// CLIs, tool results the API reports on the assistant side, and empty-turn placeholders.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AgentEvent } from '../shared/types.js';
import { createClaudeParser } from './parser.js';

const SESSION = '11111111-2222-4333-8444-555555555555';

function parse(...events: Record<string, unknown>[]): AgentEvent[] {
  const parser = createClaudeParser();
  return events.flatMap((event) => parser.line(JSON.stringify({ session_id: SESSION, ...event })));
}

const result = (extra: Record<string, unknown>) => ({
  type: 'result',
  subtype: 'success',
  is_error: false,
  result: 'done',
  ...extra,
});

const usageOf = (events: AgentEvent[]) =>
  events.flatMap((event) => (event.type === 'usage' ? [event.usage] : []));
const partsOf = (events: AgentEvent[]) =>
  events.flatMap((event) => (event.type === 'part' ? [event.part] : []));

describe('claude result: usage and the cost of this turn', () => {
  test('newer CLIs: the turn costs the sum over models since the last result, not the session total', () => {
    const [usage] = usageOf(
      parse(
        result({
          total_cost_usd: 9.5,
          usage: {
            input_tokens: 10,
            output_tokens: 20,
            cache_read_input_tokens: 30,
            cache_creation_input_tokens: 40,
            output_tokens_details: { thinking_tokens: 5 },
          },
          model_usage_since_last_result: {
            'claude-sonnet': { costUSD: 0.0251 },
            'claude-haiku': { costUSD: 0.0049 },
            'no-price': {},
          },
        }),
      ),
    );
    assert.deepEqual(usage, {
      input_tokens: 10,
      output_tokens: 20,
      cache_read_tokens: 30,
      cache_write_tokens: 40,
      reasoning_tokens: 5,
      cost_usd: 0.03,
    });
  });

  test('an empty per-turn record costs nothing', () => {
    const [usage] = usageOf(
      parse(result({ total_cost_usd: 2, usage: {}, model_usage_since_last_result: {} })),
    );
    assert.equal(usage?.cost_usd, 0);
  });

  test('older CLIs: total_cost_usd; a negative or missing one is unknown', () => {
    assert.equal(usageOf(parse(result({ usage: {}, total_cost_usd: 0.125 })))[0]?.cost_usd, 0.125);
    assert.equal(usageOf(parse(result({ usage: {}, total_cost_usd: 0 })))[0]?.cost_usd, 0);
    assert.equal(usageOf(parse(result({ usage: {}, total_cost_usd: -1 })))[0]?.cost_usd, null);
    assert.equal(usageOf(parse(result({ usage: {} })))[0]?.cost_usd, null);
  });

  test('no usage object, no usage event', () => {
    assert.deepEqual(usageOf(parse(result({ total_cost_usd: 1 }))), []);
  });
});

describe('claude assistant blocks', () => {
  const assistant = (content: unknown[]) => ({
    type: 'assistant',
    message: { id: 'msg_1', content },
    parent_tool_use_id: null,
  });

  test('a tool result on the assistant side (server tools) keeps its output and is_error', () => {
    const parts = partsOf(
      parse(
        assistant([
          { type: 'server_tool_use', id: 'srv_1', name: 'web_search' },
          {
            type: 'web_search_tool_result',
            tool_use_id: 'srv_1',
            content: [{ type: 'text', text: 'no results' }, { type: 'image' }, { n: 1 }],
            is_error: true,
          },
          { type: 'mcp_tool_result', tool_use_id: 'srv_2', content: 'fine' },
          { type: 'mcp_tool_result', content: 'no id: dropped' },
        ]),
      ),
    );
    assert.deepEqual(parts, [
      { type: 'tool_use', id: 'srv_1', name: 'web_search', input: {} },
      {
        type: 'tool_result',
        tool_use_id: 'srv_1',
        output: 'no results\n[image]\n{\n  "n": 1\n}',
        is_error: true,
      },
      { type: 'tool_result', tool_use_id: 'srv_2', output: 'fine', is_error: false },
    ]);
  });

  test('"(no content)" and blank text or thinking are no parts', () => {
    const parts = partsOf(
      parse(
        assistant([
          { type: 'text', text: '(no content)' },
          { type: 'text', text: '  \n' },
          { type: 'thinking', thinking: ' ' },
          { type: 'thinking', thinking: 'hmm' },
          { type: 'text', text: 'answer (no content) inside' },
          { type: 'tool_use', id: 'tu_1' },
          { type: 'unknown_block', id: 'x', name: 'y' },
        ]),
      ),
    );
    assert.deepEqual(parts, [
      { type: 'thinking', text: 'hmm' },
      { type: 'text', text: 'answer (no content) inside' },
    ]);
  });

  test('a turn whose only text was "(no content)" still gets its final answer from the result', () => {
    const parts = partsOf(
      parse(assistant([{ type: 'text', text: '(no content)' }]), result({ result: 'the answer' })),
    );
    assert.deepEqual(parts, [{ type: 'text', text: 'the answer' }]);
  });
});
