// OpenAI Responses API (`POST /v1/responses`, SSE), as Codex uses it with a custom provider.

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

export interface ResponsesView {
  model: string | undefined;
  prompt: string | undefined;
  lastTurn: number | undefined;
  tools: OfferedTool[];
  cwd: string | undefined;
  stream: boolean;
}

/** User messages Codex adds around the prompt; never treated as the prompt. */
const WRAPPERS = [
  '<environment_context>',
  '<user_instructions>',
  '# AGENTS.md instructions',
  '<turn_aborted>',
  '<skills_instructions>',
  '<permissions instructions>',
];

function messageText(item: Record<string, unknown>): string {
  const content = item['content'];
  if (typeof content === 'string') return content;
  return asArray(content)
    .filter(isRecord)
    .map((p) => asString(p['text']) ?? '')
    .join('\n');
}

function collectTools(raw: unknown, out: OfferedTool[], namespace?: string): void {
  for (const t of asArray(raw).filter(isRecord)) {
    const name = asString(t['name']);
    if (t['type'] === 'namespace') collectTools(t['tools'], out, name);
    else if (name !== undefined)
      out.push({
        name,
        type: t['type'] === 'custom' ? 'custom' : 'function',
        ...(namespace === undefined ? {} : { namespace }),
      });
  }
}

export function analyzeResponses(body: unknown): ResponsesView {
  const b = isRecord(body) ? body : {};
  const rawInput = b['input'];
  const items =
    typeof rawInput === 'string'
      ? [{ type: 'message', role: 'user', content: rawInput }]
      : asArray(rawInput).filter(isRecord);
  let promptIndex = -1;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (!item || item['role'] !== 'user' || (item['type'] ?? 'message') !== 'message') continue;
    const text = messageText(item).trim();
    if (text === '' || WRAPPERS.some((w) => text.startsWith(w))) continue;
    // Input added to a running turn (`turn/steer`) follows a tool's output: not a new prompt.
    if (String(items[i - 1]?.['type'] ?? '').endsWith('_call_output')) continue;
    promptIndex = i;
    break;
  }
  const promptItem = items[promptIndex];
  const tools: OfferedTool[] = [];
  collectTools(b['tools'], tools);
  // Tools a `tool_search` found (Codex's deferred MCP tools) are callable from then on.
  for (const item of items.filter((i) => i['type'] === 'tool_search_output'))
    collectTools(item['tools'], tools);
  const allText = items.map((i) => (i['type'] === 'message' ? messageText(i) : '')).join('\n');
  return {
    model: asString(b['model']),
    prompt: promptItem ? messageText(promptItem).trim() : undefined,
    lastTurn: maxDefined(items.slice(promptIndex + 1).map((i) => turnOfCallId(i['call_id']))),
    tools,
    cwd: cwdFromText(allText) ?? cwdFromText(asString(b['instructions']) ?? ''),
    stream: b['stream'] !== false,
  };
}

export function sendResponsesError(
  res: ServerResponse,
  status: number,
  message: string,
  type?: string,
): void {
  const fallback =
    status === 401 ? 'invalid_api_key' : status === 404 ? 'model_not_found' : 'server_error';
  sendJson(res, status, {
    error: {
      message,
      type: type ?? (status >= 500 ? 'server_error' : 'invalid_request_error'),
      param: null,
      code: type ?? fallback,
    },
  });
}

type Item = Record<string, unknown> & { type: string; id: string };

interface OpenItem {
  kind: 'message' | 'reasoning';
  id: string;
  index: number;
  text: string;
}

function finishedItem(open: OpenItem): Item {
  if (open.kind === 'reasoning') {
    return { type: 'reasoning', id: open.id, summary: [{ type: 'summary_text', text: open.text }] };
  }
  return {
    type: 'message',
    id: open.id,
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text: open.text, annotations: [] }],
  };
}

export async function respondResponses(
  res: ServerResponse,
  body: unknown,
  view: ResponsesView,
  turn: Turn,
  turnIndex: number,
  ctx: ToolContext,
): Promise<void> {
  const responseId = `resp_stub_${Date.now().toString(36)}_${turnIndex}`;
  const model = view.model ?? 'gpt-stub';
  const sse = view.stream ? new SseWriter(res) : undefined;
  const send = (type: string, data: Record<string, unknown>): void =>
    sse?.send(type, { type, ...data });
  const items: Item[] = [];
  let open: OpenItem | undefined;
  let reasoningTokens = 0;
  const base = {
    id: responseId,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    model,
  };
  send('response.created', { response: { ...base, status: 'in_progress', output: [] } });
  send('response.in_progress', { response: { ...base, status: 'in_progress', output: [] } });

  const close = (): void => {
    if (!open) return;
    const { id: item_id, index: output_index, text } = open;
    if (open.kind === 'message') {
      send('response.output_text.done', { item_id, output_index, content_index: 0, text });
      const part = { type: 'output_text', text, annotations: [] };
      send('response.content_part.done', { item_id, output_index, content_index: 0, part });
    } else {
      send('response.reasoning_summary_text.done', {
        item_id,
        output_index,
        summary_index: 0,
        text,
      });
      const part = { type: 'summary_text', text };
      send('response.reasoning_summary_part.done', {
        item_id,
        output_index,
        summary_index: 0,
        part,
      });
    }
    const item = finishedItem(open);
    items.push(item);
    send('response.output_item.done', { output_index, item });
    open = undefined;
  };

  const begin = (kind: OpenItem['kind']): OpenItem => {
    if (open?.kind === kind) return open;
    close();
    const index = items.length;
    const id = `${kind === 'message' ? 'msg' : 'rs'}_stub_${turnIndex}_${index}`;
    const started = { kind, id, index, text: '' };
    if (kind === 'message') {
      const item = { type: 'message', id, role: 'assistant', status: 'in_progress', content: [] };
      send('response.output_item.added', { output_index: index, item });
      const part = { type: 'output_text', text: '', annotations: [] };
      send('response.content_part.added', {
        item_id: id,
        output_index: index,
        content_index: 0,
        part,
      });
    } else {
      send('response.output_item.added', {
        output_index: index,
        item: { type: 'reasoning', id, summary: [] },
      });
      const part = { type: 'summary_text', text: '' };
      send('response.reasoning_summary_part.added', {
        item_id: id,
        output_index: index,
        summary_index: 0,
        part,
      });
    }
    open = started;
    return started;
  };

  for (const step of turn) {
    if (sse?.closed) break;
    if ('delayMs' in step) {
      await sleep(step.delayMs);
    } else if ('hold' in step) {
      await step.hold.catch(() => undefined);
    } else if ('thinking' in step) {
      const item = begin('reasoning');
      item.text += step.thinking;
      reasoningTokens += estimateTokens(step.thinking);
      send('response.reasoning_summary_text.delta', {
        item_id: item.id,
        output_index: item.index,
        summary_index: 0,
        delta: step.thinking,
      });
    } else if ('text' in step) {
      const item = begin('message');
      for (const [i, chunk] of textChunks(step).entries()) {
        if (sse?.closed) break;
        if (i > 0 && step.chunkDelayMs !== undefined) await sleep(step.chunkDelayMs);
        item.text += chunk;
        send('response.output_text.delta', {
          item_id: item.id,
          output_index: item.index,
          content_index: 0,
          delta: chunk,
        });
      }
    } else if ('toolSearch' in step) {
      close();
      const output_index = items.length;
      const item: Item = {
        type: 'tool_search_call',
        id: `tsc_stub_${turnIndex}_${output_index}`,
        call_id: mintCallId('call_', turnIndex),
        execution: 'client',
        arguments: { query: step.toolSearch },
        status: 'completed',
      };
      items.push(item);
      send('response.output_item.added', {
        output_index,
        item: { ...item, status: 'in_progress' },
      });
      send('response.output_item.done', { output_index, item });
    } else if ('tool' in step) {
      close();
      const call = nativeCall(step, ctx);
      const call_id = mintCallId('call_', turnIndex);
      const output_index = items.length;
      const payload = typeof call.input === 'string' ? call.input : JSON.stringify(call.input);
      const custom = call.type === 'custom';
      const id = `${custom ? 'ctc' : 'fc'}_stub_${turnIndex}_${output_index}`;
      const item: Item = custom
        ? {
            type: 'custom_tool_call',
            id,
            call_id,
            name: call.name,
            input: payload,
            status: 'completed',
          }
        : {
            type: 'function_call',
            id,
            call_id,
            name: call.name,
            ...(call.namespace === undefined ? {} : { namespace: call.namespace }),
            arguments: payload,
            status: 'completed',
          };
      items.push(item);
      const field = custom ? 'input' : 'arguments';
      const event = custom ? 'response.custom_tool_call_input' : 'response.function_call_arguments';
      send('response.output_item.added', {
        output_index,
        item: { ...item, [field]: '', status: 'in_progress' },
      });
      send(`${event}.delta`, { item_id: id, output_index, delta: payload });
      send(`${event}.done`, { item_id: id, output_index, [field]: payload });
      send('response.output_item.done', { output_index, item });
    }
  }
  close();
  const input_tokens = estimateTokens(isRecord(body) ? body['input'] : body);
  const output_tokens = estimateTokens(items) + reasoningTokens;
  const usage = {
    input_tokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: input_tokens + output_tokens,
  };
  const final = { ...base, status: 'completed', output: items, usage };
  if (!sse) {
    sendJson(res, 200, final);
    return;
  }
  send('response.completed', { response: final });
  sse.end();
}
