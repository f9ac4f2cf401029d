import type { AgentErrorCode, MessagePart, Usage } from '../../contract/index.js';
import { ClaudePlanTracker } from './plan.js';
import { countsTokens, StreamedUsage } from './streamed-usage.js';
import {
  agentError,
  classifyMessage,
  codeForHttpStatus,
  exitError,
  exitedCleanly,
  wasInterrupted,
  type ProcessExit,
} from '../shared/agent-errors.js';
import {
  arrayAt,
  displayText,
  finiteNumberAt,
  objectAt,
  parseJsonLine,
  roundCost,
  stringAt,
  tokenCount,
  type JsonObject,
} from '../shared/json.js';
import type { AgentEvent, StreamParser } from '../shared/types.js';

/**
 * Parses Claude Code's `--output-format stream-json --verbose --include-partial-messages` stdout
 * (the conversation lines; `driver.ts` takes the control-protocol ones first).
 *
 * Text and thinking stream as `delta`s from `stream_event` lines; each block's complete
 * `assistant` line follows its deltas and becomes the `part` (never more deltas, so nothing is
 * shown twice). `result` closes the run: usage, cost, and the error when `is_error` is true,
 * whatever its `subtype` says.
 */
export function createClaudeParser(): ClaudeStreamParser {
  return new ClaudeStreamParser();
}

/** Claude's `assistant.error` values (SDKAssistantMessageError) mapped to our codes. */
const ASSISTANT_ERROR_CODES: Record<string, AgentErrorCode> = {
  authentication_failed: 'not-logged-in',
  oauth_org_not_allowed: 'not-logged-in',
  verification_required: 'not-logged-in',
  cloud_credential_error: 'not-logged-in',
  rate_limit: 'rate-limited',
  overloaded: 'rate-limited',
  model_not_found: 'model-not-found',
};

export class ClaudeStreamParser implements StreamParser {
  private conversationId: string | null = null;
  private errorReported = false;
  private sawTextPart = false;
  /** An API error announced by a synthetic assistant line; `result` (or the exit) confirms it. */
  private apiError: { code: AgentErrorCode; message: string } | null = null;
  private readonly plan = new ClaudePlanTracker();
  private readonly streamedUsage = new StreamedUsage();
  private sawResult = false;

  line(text: string): AgentEvent[] {
    const event = parseJsonLine(text);
    return event ? this.event(event) : [];
  }

  /** One line already read as JSON. */
  event(event: JsonObject): AgentEvent[] {
    const out: AgentEvent[] = [];
    const sessionId = stringAt(event['session_id']);
    if (sessionId && sessionId !== this.conversationId) {
      this.conversationId = sessionId;
      out.push({ type: 'conversation', id: sessionId });
    }
    // Sub-agent (Task) traffic names its parent tool call; its outcome reaches the main thread as
    // that call's tool_result, so the inner steps are not parts of this message.
    if (stringAt(event['parent_tool_use_id'])) return out;
    switch (event['type']) {
      case 'stream_event':
        this.onStreamEvent(event, out);
        break;
      case 'assistant':
        this.onAssistant(event, out);
        break;
      case 'user':
        this.onUser(event, out);
        break;
      case 'result':
        this.onResult(event, out);
        break;
    }
    return out;
  }

  finish(exit: ProcessExit): AgentEvent[] {
    const usage = this.sawResult ? [] : this.knownUsage(null);
    return [...usage, ...this.exitEvents(exit)];
  }

  private exitEvents(exit: ProcessExit): AgentEvent[] {
    if (this.errorReported || exitedCleanly(exit)) return [];
    if (this.apiError && !wasInterrupted(exit)) {
      return [agentError(this.apiError.code, this.apiError.message)];
    }
    return exitError(exit);
  }

  private onStreamEvent(event: JsonObject, out: AgentEvent[]): void {
    const inner = objectAt(event['event']);
    if (inner) this.streamedUsage.onStreamEvent(inner);
    if (inner?.['type'] !== 'content_block_delta') return;
    const delta = objectAt(inner['delta']);
    const text = stringAt(delta?.['text']);
    const thinking = stringAt(delta?.['thinking']);
    if (delta?.['type'] === 'text_delta' && text) out.push({ type: 'delta', kind: 'text', text });
    if (delta?.['type'] === 'thinking_delta' && thinking) {
      out.push({ type: 'delta', kind: 'thinking', text: thinking });
    }
  }

  private onAssistant(event: JsonObject, out: AgentEvent[]): void {
    this.streamedUsage.onAssistantMessage(objectAt(event['message']));
    const content = arrayAt(objectAt(event['message'])?.['content']);
    const errorKind = stringAt(event['error']);
    if (errorKind !== undefined || event['is_api_error_message'] === true) {
      const status = finiteNumberAt(event['api_error_status']);
      const known = errorKind === undefined ? undefined : ASSISTANT_ERROR_CODES[errorKind];
      this.apiError = {
        code: known ?? codeForHttpStatus(status) ?? 'api-error',
        message: blocksText(content) || errorKind || 'The API returned an error.',
      };
      return;
    }
    const uuid = stringAt(event['uuid']);
    if (uuid) out.push({ type: 'cli-message', id: uuid });
    for (const block of content) {
      const part = assistantPart(objectAt(block));
      if (!part) continue;
      if (part.type === 'text') this.sawTextPart = true;
      if (part.type === 'tool_use') this.plan.onToolUse(part.id, part.name, part.input);
      out.push({ type: 'part', part });
    }
  }

  private onUser(event: JsonObject, out: AgentEvent[]): void {
    for (const block of arrayAt(objectAt(event['message'])?.['content'])) {
      const result = objectAt(block);
      const toolUseId = stringAt(result?.['tool_use_id']);
      if (!result || result['type'] !== 'tool_result' || !toolUseId) continue;
      const isError = result['is_error'] === true;
      this.plan.onToolResult(toolUseId, isError, event['tool_use_result']);
      out.push({
        type: 'part',
        part: {
          type: 'tool_result',
          tool_use_id: toolUseId,
          output: toolResultText(result['content']),
          is_error: isError,
        },
      });
    }
  }

  private onResult(event: JsonObject, out: AgentEvent[]): void {
    this.sawResult = true;
    const usage = resultUsage(event);
    // An interrupted turn's result counts no tokens (and costs $0) although calls were made.
    if (usage && countsTokens(usage)) out.push({ type: 'usage', usage });
    else out.push(...this.knownUsage(usage));
    if (event['is_error'] === true) {
      out.push(this.resultError(event));
      this.errorReported = true;
      return;
    }
    const finalText = stringAt(event['result']);
    // Every answer normally arrives as an assistant line first; never lose one that did not.
    if (!this.sawTextPart && finalText?.trim()) {
      out.push({ type: 'part', part: { type: 'text', text: finalText } });
    }
    const plan = this.plan.planText(finalText);
    if (plan !== null) out.push({ type: 'plan', text: plan });
  }

  /** The tokens streamed so far, when the turn ends without a result that counts them. */
  private knownUsage(reported: Omit<Usage, 'duration_ms'> | null): AgentEvent[] {
    const streamed = this.streamedUsage.total();
    if (streamed) return [{ type: 'usage', usage: { ...streamed, cost_usd: null } }];
    return reported ? [{ type: 'usage', usage: reported }] : [];
  }

  private resultError(event: JsonObject): AgentEvent {
    const errors = arrayAt(event['errors']).filter(
      (item): item is string => typeof item === 'string',
    );
    const message =
      stringAt(event['result'])?.trim() ||
      errors.join('\n') ||
      this.apiError?.message ||
      `Claude ended with ${stringAt(event['subtype']) ?? 'an error'}.`;
    // SIGINT usually still writes a result: error_during_execution, terminal_reason aborted_*, and in
    // 2.1.197 only an internal diagnostic in `errors`.
    if (stringAt(event['terminal_reason'])?.startsWith('aborted')) {
      return agentError('cancelled', 'Claude was interrupted.');
    }
    if (this.apiError) return agentError(this.apiError.code, message);
    const subtype = stringAt(event['subtype']);
    if (subtype === 'error_max_turns') return agentError('max-turns', message);
    if (subtype === 'error_max_budget_usd') return agentError('budget-exceeded', message);
    const status = finiteNumberAt(event['api_error_status']);
    return agentError(
      classifyMessage(message) ?? codeForHttpStatus(status) ?? 'api-error',
      message,
    );
  }
}

function assistantPart(block: JsonObject | undefined): MessagePart | null {
  const type = stringAt(block?.['type']);
  if (!block || !type) return null;
  if (type === 'text') {
    const text = stringAt(block['text']);
    // "(no content)" is a placeholder Claude writes for an empty turn.
    return text?.trim() && text !== '(no content)' ? { type: 'text', text } : null;
  }
  if (type === 'thinking') {
    const text = stringAt(block['thinking']);
    return text?.trim() ? { type: 'thinking', text } : null;
  }
  const id = stringAt(block['id']);
  const name = stringAt(block['name']);
  // tool_use, plus the server-side tools (web search, MCP) the API runs itself.
  if (type.endsWith('tool_use') && id && name) {
    return { type: 'tool_use', id, name, input: block['input'] ?? {} };
  }
  const toolUseId = stringAt(block['tool_use_id']);
  if (type.endsWith('tool_result') && toolUseId) {
    return {
      type: 'tool_result',
      tool_use_id: toolUseId,
      output: toolResultText(block['content']),
      is_error: block['is_error'] === true,
    };
  }
  return null;
}

/** A tool_result's `content`: a string, or an array of text (and image) blocks. */
function toolResultText(content: unknown): string {
  if (!Array.isArray(content)) return displayText(content);
  return content
    .map((item) => {
      const block = objectAt(item);
      if (block?.['type'] === 'text') return stringAt(block['text']) ?? '';
      if (block?.['type'] === 'image') return '[image]';
      return displayText(item);
    })
    .join('\n');
}

function blocksText(content: unknown[]): string {
  return content
    .map((item) => stringAt(objectAt(item)?.['text']) ?? '')
    .filter((text) => text !== '')
    .join('\n');
}

function resultUsage(result: JsonObject): Omit<Usage, 'duration_ms'> | null {
  const usage = objectAt(result['usage']);
  if (!usage) return null;
  return {
    input_tokens: tokenCount(usage['input_tokens']),
    output_tokens: tokenCount(usage['output_tokens']),
    cache_read_tokens: tokenCount(usage['cache_read_input_tokens']),
    cache_write_tokens: tokenCount(usage['cache_creation_input_tokens']),
    reasoning_tokens: tokenCount(objectAt(usage['output_tokens_details'])?.['thinking_tokens']),
    cost_usd: turnCost(result),
  };
}

/**
 * This turn's cost. Newer CLIs (2.1.332) add `model_usage_since_last_result` because their
 * `total_cost_usd` covers the whole session across resumes; 2.1.197 has only `total_cost_usd`.
 */
function turnCost(result: JsonObject): number | null {
  const sinceLast = objectAt(result['model_usage_since_last_result']);
  if (sinceLast) {
    let sum = 0;
    for (const model of Object.values(sinceLast))
      sum += finiteNumberAt(objectAt(model)?.['costUSD']) ?? 0;
    return roundCost(sum);
  }
  const total = finiteNumberAt(result['total_cost_usd']);
  return total !== undefined && total >= 0 ? roundCost(total) : null;
}
