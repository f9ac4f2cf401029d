// Direct HTTP checks of the stub (no CLI): run with
// node --import tsx --test e2e/model-stub/stub-http.test.ts

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gate, startModelStub, type ModelStub, type Turn } from './index.js';

let stub: ModelStub;
before(async () => {
  stub = await startModelStub();
});
after(async () => {
  await stub.close();
});

describe('model stub over HTTP', () => {
  it('answers Anthropic non-streaming, count_tokens, errors and side requests', async () => {
    stub.script('http-json please', [[{ thinking: 'hmm' }, { text: 'json answer' }]]);
    const post = (p: string, body: unknown): Promise<Response> =>
      fetch(`${stub.url}${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const tools = [{ name: 'Read', input_schema: {} }];
    const json = (await (
      await post('/v1/messages', {
        model: 'm',
        tools,
        messages: [{ role: 'user', content: 'http-json please' }],
      })
    ).json()) as {
      content: Array<{ type: string; text?: string }>;
      stop_reason: string;
    };
    assert.deepEqual(
      json.content.map((b) => b.type),
      ['thinking', 'text'],
    );
    assert.equal(json.content[1]?.text, 'json answer');
    assert.equal(json.stop_reason, 'end_turn');
    const count = (await (await post('/v1/messages/count_tokens', { messages: [] })).json()) as {
      input_tokens: number;
    };
    assert.ok(count.input_tokens > 0);
    stub.script('http-error please', [[{ error: { status: 529, message: 'overloaded here' } }]]);
    const err = await post('/v1/messages', {
      model: 'm',
      tools,
      messages: [{ role: 'user', content: 'http-error please' }],
    });
    assert.equal(err.status, 529);
    assert.match(await err.text(), /overloaded_error.*overloaded here/);
    const side = (await (
      await post('/v1/messages', {
        model: 'm',
        messages: [{ role: 'user', content: 'http-json please' }],
      })
    ).json()) as {
      content: Array<{ text?: string }>;
    };
    assert.equal(side.content[0]?.text, 'Stub session');
    const sideRecord = stub.requests.at(-1);
    assert.equal(sideRecord?.kind, 'side');
  });

  it('answers the Responses API with the next turn after a tool output', async () => {
    const turns: Turn[] = [[{ tool: 'bash', command: 'echo hi' }], [{ text: 'after tool' }]];
    stub.script('http-responses please', turns);
    const tools = [{ type: 'function', name: 'exec_command' }];
    const first = (await (
      await fetch(`${stub.url}/v1/responses`, {
        method: 'POST',
        body: JSON.stringify({
          model: 'gpt',
          stream: false,
          tools,
          input: [
            {
              type: 'message',
              role: 'user',
              content: [{ type: 'input_text', text: 'http-responses please' }],
            },
          ],
        }),
      })
    ).json()) as {
      output: Array<{ type: string; call_id: string; name: string; arguments: string }>;
    };
    const call = first.output[0];
    assert.equal(call?.name, 'exec_command');
    assert.deepEqual(JSON.parse(call?.arguments ?? '{}'), { cmd: 'echo hi' });
    const input = [
      {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'http-responses please' }],
      },
      {
        type: 'function_call',
        call_id: call?.call_id,
        name: 'exec_command',
        arguments: call?.arguments,
      },
      { type: 'function_call_output', call_id: call?.call_id, output: 'hi' },
    ];
    const second = (await (
      await fetch(`${stub.url}/v1/responses`, {
        method: 'POST',
        body: JSON.stringify({ model: 'gpt', stream: false, tools, input }),
      })
    ).json()) as { output: Array<{ type: string; content: Array<{ text: string }> }> };
    assert.equal(second.output[0]?.content[0]?.text, 'after tool');
    // Words the host steered into the running turn after the output are not a new prompt.
    const steered = [
      ...input,
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Not that.' }] },
    ];
    const third = (await (
      await fetch(`${stub.url}/v1/responses`, {
        method: 'POST',
        body: JSON.stringify({ model: 'gpt', stream: false, tools, input: steered }),
      })
    ).json()) as { output: Array<{ type: string; content: Array<{ text: string }> }> };
    assert.equal(third.output[0]?.content[0]?.text, 'after tool');
  });

  it('holds a streamed answer part-way until its gate opens', async () => {
    const opened = gate();
    stub.script('http-hold please', [
      [{ text: 'before the gate' }, { hold: opened.promise }, { text: ' after the gate' }],
    ]);
    const response = await fetch(`${stub.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'm',
        stream: true,
        tools: [{ name: 'Read', input_schema: {} }],
        messages: [{ role: 'user', content: 'http-hold please' }],
      }),
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let streamed = '';
    while (!streamed.includes('before the gate')) {
      const { value, done } = await reader.read();
      assert.equal(done, false, 'the stream ended before the gate');
      streamed += decoder.decode(value, { stream: true });
    }
    assert.doesNotMatch(streamed, /after the gate|message_stop/);
    opened.open();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      streamed += decoder.decode(chunk.value, { stream: true });
    assert.match(streamed, /after the gate[\s\S]*message_stop/);
  });
});
