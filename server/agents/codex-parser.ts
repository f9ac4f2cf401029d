import type { Usage } from '../contract/index.js';
import {
  agentError,
  classifyMessage,
  exitError,
  exitedCleanly,
  unwrapJsonMessage,
  wasInterrupted,
  type ProcessExit,
} from './errors.js';
import {
  arrayAt,
  displayText,
  objectAt,
  parseJsonLine,
  stringAt,
  tokenCount,
  type JsonObject,
} from './json.js';
import type { AgentEvent, StreamParser } from './types.js';

/**
 * Parses `codex exec --json`. Nothing streams token by token: `agent_message` and `reasoning`
 * arrive whole on `item.completed`. Tool items arrive as `item.started` (reported as the tool_use)
 * and then `item.completed` with the same id (reported as its tool_result).
 *
 * Not reported: `item.completed` items of type `error` (non-fatal warnings, e.g. missing model
 * metadata) and `todo_list`, which the agent event union has no place for.
 */
export function createCodexParser(): StreamParser {
  return new CodexStreamParser();
}

class CodexStreamParser implements StreamParser {
  private conversationId: string | null = null;
  private terminalSeen = false;
  private errorReported = false;
  /** The last top-level `error` line: the reason, when the process dies before `turn.failed`. */
  private lastStreamError: string | null = null;
  private readonly announcedTools = new Set<string>();

  line(text: string): AgentEvent[] {
    const event = parseJsonLine(text);
    if (!event) return [];
    const out: AgentEvent[] = [];
    switch (event['type']) {
      case 'thread.started': {
        const id = stringAt(event['thread_id']);
        if (id && id !== this.conversationId) {
          this.conversationId = id;
          out.push({ type: 'conversation', id });
        }
        break;
      }
      case 'item.started':
        this.announceTool(objectAt(event['item']), out);
        break;
      case 'item.completed':
        this.onItemCompleted(objectAt(event['item']), out);
        break;
      case 'turn.completed':
        this.terminalSeen = true;
        out.push({ type: 'usage', usage: turnUsage(objectAt(event['usage'])) });
        break;
      case 'turn.failed': {
        this.terminalSeen = true;
        this.errorReported = true;
        const reason = stringAt(objectAt(event['error'])?.['message']) ?? this.lastStreamError;
        const message = unwrapJsonMessage(reason ?? 'The Codex turn failed.');
        out.push(agentError(classifyMessage(message) ?? 'api-error', message));
        break;
      }
      case 'error': {
        const message = stringAt(event['message']);
        // "Reconnecting... 2/5 (…)" is a retry notice, not the final word.
        if (message && !/^Reconnecting\b/i.test(message)) this.lastStreamError = message;
        break;
      }
    }
    return out;
  }

  finish(exit: ProcessExit): AgentEvent[] {
    if (this.errorReported || exitedCleanly(exit)) return [];
    if (!this.terminalSeen && this.lastStreamError && !wasInterrupted(exit)) {
      const message = unwrapJsonMessage(this.lastStreamError);
      return [agentError(classifyMessage(message) ?? 'api-error', message)];
    }
    return exitError(exit);
  }

  private announceTool(item: JsonObject | undefined, out: AgentEvent[]): void {
    const id = stringAt(item?.['id']);
    const call = item && toolCall(item);
    if (!id || !call || this.announcedTools.has(id)) return;
    this.announcedTools.add(id);
    out.push({ type: 'part', part: { type: 'tool_use', id, name: call.name, input: call.input } });
  }

  private onItemCompleted(item: JsonObject | undefined, out: AgentEvent[]): void {
    const id = stringAt(item?.['id']);
    if (!item || !id) return;
    const text = stringAt(item['text']);
    if (item['type'] === 'agent_message' && text?.trim()) {
      out.push({ type: 'part', part: { type: 'text', text } });
      return;
    }
    if (item['type'] === 'reasoning' && text?.trim()) {
      out.push({ type: 'part', part: { type: 'thinking', text } });
      return;
    }
    const result = toolResult(item);
    if (!result) return;
    // Some items (web_search, a quick file_change) may complete without a started line.
    this.announceTool(item, out);
    out.push({ type: 'part', part: { type: 'tool_result', tool_use_id: id, ...result } });
  }
}

/** The tool a Codex item stands for, named after the item type (MCP: `server/tool`). */
function toolCall(item: JsonObject): { name: string; input: unknown } | null {
  switch (item['type']) {
    case 'command_execution':
      return { name: 'command_execution', input: { command: stringAt(item['command']) ?? '' } };
    case 'file_change':
      return { name: 'file_change', input: { changes: arrayAt(item['changes']) } };
    case 'mcp_tool_call': {
      const server = stringAt(item['server']) ?? 'mcp';
      const tool = stringAt(item['tool']) ?? 'tool';
      return { name: `${server}/${tool}`, input: item['arguments'] ?? {} };
    }
    case 'web_search':
      return { name: 'web_search', input: { query: stringAt(item['query']) ?? '' } };
    default:
      return null;
  }
}

function toolResult(item: JsonObject): { output: string; is_error: boolean } | null {
  // completed | failed | declined (| in_progress on items that never started).
  const failed = item['status'] !== undefined && item['status'] !== 'completed';
  switch (item['type']) {
    case 'command_execution':
      return { output: stringAt(item['aggregated_output']) ?? '', is_error: failed };
    case 'file_change': {
      // Codex gives no diff, only what changed; the worktree's diff view shows the rest.
      const summary = arrayAt(item['changes'])
        .map((change) => {
          const entry = objectAt(change);
          return `${stringAt(entry?.['kind']) ?? 'change'} ${stringAt(entry?.['path']) ?? '?'}`;
        })
        .join('\n');
      return { output: summary, is_error: failed };
    }
    case 'mcp_tool_call': {
      const error = stringAt(objectAt(item['error'])?.['message']);
      if (error !== undefined) return { output: error, is_error: true };
      return { output: mcpResultText(objectAt(item['result'])), is_error: failed };
    }
    case 'web_search':
      return { output: '', is_error: failed };
    default:
      return null;
  }
}

function mcpResultText(result: JsonObject | undefined): string {
  if (!result) return '';
  const texts = arrayAt(result['content'])
    .map((block) => stringAt(objectAt(block)?.['text']))
    .filter((text): text is string => text !== undefined);
  if (texts.length > 0) return texts.join('\n');
  return displayText(result['structured_content'] ?? result['content']);
}

/**
 * `turn.completed.usage`, as Codex reports it: `input_tokens` includes the cached tokens and
 * `output_tokens` includes reasoning (OpenAI semantics, unlike Claude and OpenCode). Codex sends
 * no cost. On a resumed thread the numbers are cumulative for the thread.
 */
function turnUsage(usage: JsonObject | undefined): Omit<Usage, 'duration_ms'> {
  return {
    input_tokens: tokenCount(usage?.['input_tokens']),
    output_tokens: tokenCount(usage?.['output_tokens']),
    cache_read_tokens: tokenCount(usage?.['cached_input_tokens']),
    cache_write_tokens: tokenCount(usage?.['cache_write_input_tokens']),
    reasoning_tokens: tokenCount(usage?.['reasoning_output_tokens']),
    cost_usd: null,
  };
}
