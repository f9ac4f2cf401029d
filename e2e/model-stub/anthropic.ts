// Anthropic Messages API (`POST /v1/messages`): used by Claude Code and by OpenCode (its
// provider is configured with the bundled @ai-sdk/anthropic package).

import type { ServerResponse } from 'node:http';
import { asArray, asString, isRecord, sendJson, SseWriter } from './http.js';
import {
  estimateTokens,
  maxDefined,
  mintCallId,
  sleep,
  textChunks,
  turnOfCallId,
} from './script.js';
import { cwdFromText, nativeCall, type OfferedTool, type ToolContext } from './tools.js';
import type { Turn } from './types.js';

export interface AnthropicView {
  model: string | undefined;
  prompt: string | undefined;
  lastTurn: number | undefined;
  tools: OfferedTool[];
  cwd: string | undefined;
  stream: boolean;
  systemText: string;
}

function textOf(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  return asArray(content)
    .filter(isRecord)
    .filter((b) => b['type'] === 'text')
    .map((b) => asString(b['text']) ?? '');
}

function isPromptMessage(m: Record<string, unknown>): boolean {
  if (m['role'] !== 'user') return false;
  const blocks = asArray(m['content']).filter(isRecord);
  if (blocks.some((b) => b['type'] === 'tool_result')) return false;
  return promptText(m) !== '';
}

function promptText(m: Record<string, unknown>): string {
  return textOf(m['content'])
    .filter((t) => !t.trimStart().startsWith('<system-reminder>'))
    .join('\n')
    .trim();
}

export function analyzeAnthropic(body: unknown): AnthropicView {
  const b = isRecord(body) ? body : {};
  const messages = asArray(b['messages']).filter(isRecord);
  let promptIndex = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && isPromptMessage(m)) {
      promptIndex = i;
      break;
    }
  }
  const promptMessage = messages[promptIndex];
  const prompt = promptMessage ? promptText(promptMessage) : undefined;
  const ids: Array<number | undefined> = [];
  for (const m of messages.slice(promptIndex + 1)) {
    for (const block of asArray(m['content']).filter(isRecord)) {
      ids.push(turnOfCallId(block['id']), turnOfCallId(block['tool_use_id']));
    }
  }
  const tools: OfferedTool[] = asArray(b['tools'])
    .filter(isRecord)
    .map((t) => asString(t['name']))
    .filter((n): n is string => n !== undefined)
    .map((name) => ({ name, type: 'function' }));
  const systemText = [
    ...textOf(b['system']),
    ...messages.filter((m) => m['role'] === 'system').flatMap((m) => textOf(m['content'])),
  ].join('\n');
  const userText = messages
    .filter((m) => m['role'] === 'user')
    .flatMap((m) => textOf(m['content']))
    .join('\n');
  return {
    model: asString(b['model']),
    prompt,
    lastTurn: maxDefined(ids),
    tools,
    cwd: cwdFromText(systemText) ?? cwdFromText(userText),
    stream: b['stream'] === true,
    systemText,
  };
}

const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export function sendAnthropicError(
  res: ServerResponse,
  status: number,
  message: string,
  type?: string,
): void {
  sendJson(res, status, {
    type: 'error',
    error: { type: type ?? errorTypes[status] ?? 'api_error', message },
  });
}

type Block =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

interface Emitter {
  start(index: number, block: Record<string, unknown>): void;
  delta(index: number, delta: Record<string, unknown>): void;
  stop(index: number): void;
  readonly closed: boolean;
}

/** Runs the turn's steps, emitting stream events (if any) and returning the finished blocks. */
async function runTurn(
  turn: Turn,
  ctx: ToolContext,
  turnIndex: number,
  out: Emitter | undefined,
): Promise<Block[]> {
  const blocks: Block[] = [];
  let open: Block | undefined;
  const close = (): void => {
    if (!open) return;
    const index = blocks.length - 1;
    if (open.type === 'thinking')
      out?.delta(index, { type: 'signature_delta', signature: open.signature });
    out?.stop(index);
    open = undefined;
  };
  for (const step of turn) {
    if (out?.closed) break;
    if ('delayMs' in step) {
      await sleep(step.delayMs);
    } else if ('hold' in step) {
      await step.hold.catch(() => undefined);
    } else if ('thinking' in step) {
      if (open?.type !== 'thinking') {
        close();
        open = {
          type: 'thinking',
          thinking: '',
          signature: `stub-sig-${turnIndex}-${blocks.length}`,
        };
        blocks.push(open);
        out?.start(blocks.length - 1, { type: 'thinking', thinking: '', signature: '' });
      }
      open.thinking += step.thinking;
      out?.delta(blocks.length - 1, { type: 'thinking_delta', thinking: step.thinking });
    } else if ('text' in step) {
      if (open?.type !== 'text') {
        close();
        open = { type: 'text', text: '' };
        blocks.push(open);
        out?.start(blocks.length - 1, { type: 'text', text: '' });
      }
      const chunks = textChunks(step);
      for (const [i, chunk] of chunks.entries()) {
        if (out?.closed) break;
        if (i > 0 && step.chunkDelayMs !== undefined) await sleep(step.chunkDelayMs);
        open.text += chunk;
        out?.delta(blocks.length - 1, { type: 'text_delta', text: chunk });
      }
    } else if ('tool' in step) {
      close();
      const call = nativeCall(step, ctx);
      const input = typeof call.input === 'string' ? { input: call.input } : call.input;
      const block: Block = {
        type: 'tool_use',
        id: mintCallId('toolu_', turnIndex),
        name: call.name,
        input,
      };
      blocks.push(block);
      const index = blocks.length - 1;
      out?.start(index, { type: 'tool_use', id: block.id, name: block.name, input: {} });
      const json = JSON.stringify(input);
      const cut = Math.floor(json.length / 2);
      out?.delta(index, { type: 'input_json_delta', partial_json: json.slice(0, cut) });
      out?.delta(index, { type: 'input_json_delta', partial_json: json.slice(cut) });
      out?.stop(index);
    } else if ('toolSearch' in step) {
      throw new Error('model-stub: toolSearch is a Responses API (Codex) step');
    }
  }
  close();
  return blocks;
}

function usageFor(body: unknown, blocks: Block[]): { input_tokens: number; output_tokens: number } {
  const b = isRecord(body) ? body : {};
  return {
    input_tokens: estimateTokens(b['messages']) + estimateTokens(b['system']),
    output_tokens: estimateTokens(blocks),
  };
}

export async function respondAnthropic(
  res: ServerResponse,
  body: unknown,
  view: AnthropicView,
  turn: Turn,
  turnIndex: number,
  ctx: ToolContext,
): Promise<void> {
  const id = `msg_stub_${Date.now().toString(36)}_${turnIndex}`;
  const model = view.model ?? 'claude-stub';
  if (!view.stream) {
    const blocks = await runTurn(turn, ctx, turnIndex, undefined);
    const stop = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
    const u = usageFor(body, blocks);
    sendJson(res, 200, {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: blocks,
      stop_reason: stop,
      stop_sequence: null,
      usage: { ...u, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    return;
  }
  const sse = new SseWriter(res);
  const inputTokens = usageFor(body, []).input_tokens;
  sse.send('message_start', {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: inputTokens,
        output_tokens: 1,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    },
  });
  sse.send('ping', { type: 'ping' });
  const emitter: Emitter = {
    start: (index, block) =>
      sse.send('content_block_start', { type: 'content_block_start', index, content_block: block }),
    delta: (index, delta) =>
      sse.send('content_block_delta', { type: 'content_block_delta', index, delta }),
    stop: (index) => sse.send('content_block_stop', { type: 'content_block_stop', index }),
    get closed() {
      return sse.closed;
    },
  };
  const blocks = await runTurn(turn, ctx, turnIndex, emitter);
  const stop = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  sse.send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: stop, stop_sequence: null },
    usage: {
      input_tokens: inputTokens,
      output_tokens: estimateTokens(blocks),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  });
  sse.send('message_stop', { type: 'message_stop' });
  sse.end();
}
