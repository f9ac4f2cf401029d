import type { MessagePart, Usage } from '../../contract/index.js';
import { agentError, classifyMessage, unwrapJsonMessage } from '../shared/agent-errors.js';
import type { AgentEvent } from '../shared/types.js';
import {
  arrayAt,
  displayText,
  objectAt,
  stringAt,
  tokenCount,
  type JsonObject,
} from '../shared/json.js';

/**
 * What the items of `codex app-server` (its `ThreadItem`, camelCase) become in a message. The
 * part shapes are the ones Grove has always shown for Codex: tools are named after the item type
 * in snake_case (MCP: `server/tool`), a file change lists `{path, kind}` and its result is one
 * `kind path` line per file.
 */
export type ToolResult = { output: string; is_error: boolean };

/** The text or thinking part of a finished `agentMessage` / `reasoning` item, if it has text. */
export function finishedTextPart(item: JsonObject): MessagePart | null {
  if (item['type'] === 'agentMessage') {
    const text = stringAt(item['text']);
    return text?.trim() ? { type: 'text', text } : null;
  }
  if (item['type'] === 'reasoning') {
    // The summary is what Codex shows of its reasoning; raw `content` is not sent by the API.
    const text = reasoningText(item);
    return text.trim() ? { type: 'thinking', text } : null;
  }
  return null;
}

/** Summary parts are separate paragraphs; deltas get the same separator (see the driver). */
export const REASONING_PART_SEPARATOR = '\n\n';

function reasoningText(item: JsonObject): string {
  return arrayAt(item['summary'])
    .map((part) => stringAt(part) ?? '')
    .filter((part) => part !== '')
    .join(REASONING_PART_SEPARATOR);
}

/** The tool an item stands for, or null for items that are not tool calls. */
export function toolCall(item: JsonObject): { name: string; input: unknown } | null {
  switch (item['type']) {
    case 'commandExecution':
      return { name: 'command_execution', input: { command: stringAt(item['command']) ?? '' } };
    case 'fileChange':
      return { name: 'file_change', input: { changes: fileChanges(item) } };
    case 'mcpToolCall': {
      const server = stringAt(item['server']) ?? 'mcp';
      const tool = stringAt(item['tool']) ?? 'tool';
      return { name: `${server}/${tool}`, input: item['arguments'] ?? {} };
    }
    case 'webSearch':
      return { name: 'web_search', input: { query: stringAt(item['query']) ?? '' } };
    default:
      return null;
  }
}

/** The result of a finished tool item (`completed`, `failed` or `declined`). */
export function toolResult(item: JsonObject): ToolResult | null {
  const failed = item['status'] !== undefined && item['status'] !== 'completed';
  switch (item['type']) {
    case 'commandExecution':
      return { output: stringAt(item['aggregatedOutput']) ?? '', is_error: failed };
    case 'fileChange': {
      // The diff view of the worktree shows the patch; the result only names the files.
      const summary = fileChanges(item)
        .map((change) => `${change.kind} ${change.path}`)
        .join('\n');
      return { output: summary, is_error: failed };
    }
    case 'mcpToolCall': {
      const error = stringAt(objectAt(item['error'])?.['message']);
      if (error !== undefined) return { output: error, is_error: true };
      return { output: mcpResultText(objectAt(item['result'])), is_error: failed };
    }
    case 'webSearch':
      return { output: '', is_error: failed };
    default:
      return null;
  }
}

/** `changes: [{path, kind: {type}, diff}]` flattened to `{path, kind}`. */
function fileChanges(item: JsonObject): Array<{ path: string; kind: string }> {
  return arrayAt(item['changes']).map((change) => {
    const entry = objectAt(change);
    const kind = stringAt(objectAt(entry?.['kind'])?.['type']) ?? stringAt(entry?.['kind']);
    return { path: stringAt(entry?.['path']) ?? '?', kind: kind ?? 'change' };
  });
}

function mcpResultText(result: JsonObject | undefined): string {
  if (!result) return '';
  const texts = arrayAt(result['content'])
    .map((block) => stringAt(objectAt(block)?.['text']))
    .filter((text): text is string => text !== undefined);
  if (texts.length > 0) return texts.join('\n');
  return displayText(result['structuredContent'] ?? result['content']);
}

export type TurnUsage = Omit<Usage, 'duration_ms'>;

/**
 * Adds one model call (`tokenUsage.last` of `thread/tokenUsage/updated`) to a turn's usage.
 * OpenAI semantics: `inputTokens` includes the cached tokens and `outputTokens` includes
 * reasoning. Codex reports no cost.
 */
export function addModelCall(usage: TurnUsage, call: JsonObject | undefined): TurnUsage {
  return {
    input_tokens: usage.input_tokens + tokenCount(call?.['inputTokens']),
    output_tokens: usage.output_tokens + tokenCount(call?.['outputTokens']),
    cache_read_tokens: usage.cache_read_tokens + tokenCount(call?.['cachedInputTokens']),
    cache_write_tokens: usage.cache_write_tokens + tokenCount(call?.['cacheWriteInputTokens']),
    reasoning_tokens: usage.reasoning_tokens + tokenCount(call?.['reasoningOutputTokens']),
    cost_usd: null,
  };
}

export function delta(kind: 'text' | 'thinking', text: unknown): AgentEvent[] {
  return typeof text === 'string' && text !== '' ? [{ type: 'delta', kind, text }] : [];
}

/** Codex passes the provider's error body through; its message is what the user must read. */
export function turnError(reason: string): AgentEvent {
  const message = unwrapJsonMessage(reason);
  return agentError(classifyMessage(message) ?? 'api-error', message);
}
