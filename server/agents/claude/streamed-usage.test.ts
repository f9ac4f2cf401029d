// The tokens Claude's calls report while they stream, which a cancelled turn keeps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_TOKENS } from '../../contract/index.js';
import { countsTokens, StreamedUsage } from './streamed-usage.js';

const start = (id: string | undefined, usage: Record<string, number>) => ({
  type: 'message_start',
  message: { ...(id === undefined ? {} : { id }), usage },
});
const delta = (usage: Record<string, number>) => ({ type: 'message_delta', usage });

describe('streamed usage', () => {
  it('sums the calls, each at the largest count it reported per field', () => {
    const usage = new StreamedUsage();
    assert.equal(usage.total(), null);
    usage.onStreamEvent(start('msg_1', { input_tokens: 10, cache_read_input_tokens: 4 }));
    usage.onStreamEvent(delta({ output_tokens: 7, cache_creation_input_tokens: 2 }));
    usage.onStreamEvent(delta({ output_tokens: 3, input_tokens: 1 }));
    usage.onAssistantMessage({ id: 'msg_2', usage: { input_tokens: 5, output_tokens: 1 } });
    usage.onAssistantMessage({ id: 'msg_2', usage: { output_tokens: 6 } });
    assert.deepEqual(usage.total(), {
      input_tokens: 15,
      output_tokens: 13,
      cache_read_tokens: 4,
      cache_write_tokens: 2,
      reasoning_tokens: 0,
    });
  });

  it('credits a delta to the call last started, and ignores reports it cannot place', () => {
    const usage = new StreamedUsage();
    usage.onStreamEvent(delta({ output_tokens: 9 }));
    usage.onAssistantMessage({ usage: { output_tokens: 9 } });
    usage.onAssistantMessage(undefined);
    usage.onStreamEvent({ type: 'content_block_delta', usage: { output_tokens: 9 } });
    assert.equal(usage.total(), null);
    usage.onStreamEvent(start('msg_1', { input_tokens: 2 }));
    usage.onStreamEvent(start(undefined, { input_tokens: 8 }));
    usage.onStreamEvent({ type: 'message_start' });
    usage.onStreamEvent(delta({ output_tokens: 1 }));
    assert.deepEqual(usage.total(), { ...tokens(), input_tokens: 8, output_tokens: 1 });
  });

  it('is null while every call reported zeros', () => {
    const usage = new StreamedUsage();
    usage.onStreamEvent(start('msg_1', { input_tokens: 0, output_tokens: 0 }));
    assert.equal(usage.total(), null);
    usage.onStreamEvent(delta({ cache_creation_input_tokens: 1 }));
    assert.deepEqual(usage.total(), { ...tokens(), cache_write_tokens: 1 });
  });
});

function tokens() {
  const { cost_usd: _cost, ...rest } = NO_TOKENS;
  return rest;
}

describe('countsTokens', () => {
  it('is true when any of input, output, cache read or cache write is above zero', () => {
    const none = { ...NO_TOKENS, reasoning_tokens: 5 };
    assert.equal(countsTokens(none), false);
    for (const key of [
      'input_tokens',
      'output_tokens',
      'cache_read_tokens',
      'cache_write_tokens',
    ] as const) {
      assert.equal(countsTokens({ ...none, [key]: 1 }), true, key);
    }
  });
});
