import type { PermissionRequest } from '@opencode-ai/sdk/v2/types';
import type { AgentErrorCode, Usage } from '../../contract/index.js';
import { agentError, classifyMessage, codeForHttpStatus } from '../shared/agent-errors.js';
import {
  displayText,
  finiteNumberAt,
  objectAt,
  roundCost,
  stringAt,
  tokenCount,
  type JsonObject,
} from '../shared/json.js';
import { permissionRequestOf } from './approvals.js';
import type { StoredMessage } from './client.js';
import type { AgentEvent } from '../shared/types.js';

/** What one SSE event of `opencode serve` means for the turn. */
export interface TurnStep {
  events: AgentEvent[];
  /** A permission question of our session (or a sub-agent's) for the chat layer, or null. */
  permission: PermissionRequest | null;
  /** The session went idle after working (or after failing): the turn is over. */
  idle: boolean;
  /** Our session reported its failure; an idle may never follow (see serve-driver.ts). */
  failed: boolean;
}

type TurnUsage = Omit<Usage, 'duration_ms'>;

/**
 * Maps the SSE events of `opencode serve` (1.18.33, `GET /event`) for one session's turn to agent
 * events, without any I/O, so captured streams replay through it in tests.
 * - Text and reasoning stream as `message.part.delta` on a part id; the `message.part.updated`
 *   that opens the part tells which kind it is. The part is finished once it has `time.end`.
 * - Tools are reported when they start running (tool_use) and once finished (tool_result).
 * - Usage is per step (`step-finish` part); each `usage` event carries the turn's running total.
 * - `session.error` names the failure; `session.idle` after `busy` (or after the error) ends the
 *   turn.
 */
export class OpencodeTurnEvents {
  private readonly partKinds = new Map<string, 'text' | 'thinking'>();
  private readonly finishedParts = new Set<string>();
  private readonly announcedTools = new Set<string>();
  private readonly finishedTools = new Set<string>();
  private readonly userMessages = new Set<string>();
  private latestAnswer: string | null = null;
  /** Our session and the sub-agent sessions it starts (their permission requests are ours). */
  private readonly sessions: Set<string>;
  private usage: TurnUsage | null = null;
  private busy = false;
  private failed = false;
  private errorReported = false;

  constructor(private readonly sessionId: string) {
    this.sessions = new Set([sessionId]);
  }

  handle(event: JsonObject): TurnStep {
    const step: TurnStep = { events: [], permission: null, idle: false, failed: false };
    const properties = objectAt(event['properties']) ?? {};
    const sessionId = stringAt(properties['sessionID']);
    switch (event['type']) {
      case 'session.created': {
        const info = objectAt(properties['info']);
        const parent = stringAt(info?.['parentID']);
        const id = stringAt(info?.['id']);
        if (id && parent && this.sessions.has(parent)) this.sessions.add(id);
        break;
      }
      case 'permission.asked': {
        const request = permissionRequestOf(properties);
        if (request && this.sessions.has(request.sessionID)) step.permission = request;
        break;
      }
      case 'message.updated': {
        const info = objectAt(properties['info']);
        const id = stringAt(info?.['id']);
        if (id && info?.['role'] === 'user') this.userMessages.add(id);
        // The turn's latest answer of our session: where a later fork can cut the conversation.
        // Ids ascend, so an update to an older message (a compaction) does not move it back.
        const ours = info?.['role'] === 'assistant' && info['sessionID'] === this.sessionId;
        if (id && ours && (this.latestAnswer === null || id > this.latestAnswer)) {
          this.latestAnswer = id;
          step.events.push({ type: 'cli-message', id });
        }
        break;
      }
      case 'message.part.updated': {
        const part = objectAt(properties['part']);
        if (part && part['sessionID'] === this.sessionId) this.onPart(part, step.events);
        break;
      }
      case 'message.part.delta':
        if (sessionId === this.sessionId) this.onDelta(properties, step.events);
        break;
      case 'session.error':
        if (sessionId !== this.sessionId) break;
        step.failed = true;
        this.failed = true;
        if (!this.errorReported) {
          this.errorReported = true;
          step.events.push(errorEvent(objectAt(properties['error'])));
        }
        break;
      case 'session.status': {
        const status = objectAt(properties['status'])?.['type'];
        if (sessionId !== this.sessionId) break;
        if (status === 'busy') this.busy = true;
        // An idle before our prompt made the session busy is not the end of this turn.
        else if (status === 'idle' && this.working) step.idle = true;
        break;
      }
      case 'session.idle':
        if (sessionId === this.sessionId && this.working) step.idle = true;
        break;
    }
    return step;
  }

  /** The session was seen working some other way than by the stream (`GET /session/status`). */
  markBusy(): void {
    this.busy = true;
  }

  /**
   * What the stored assistant messages since the prompt tell once the stream cannot: their parts
   * not reported yet, the last one's error, and whether the turn is over (the last one finished
   * or failed). No assistant message yet: the prompt has not been taken up, keep waiting.
   */
  catchUp(messages: StoredMessage[]): { events: AgentEvent[]; done: boolean } {
    const last = messages.at(-1)?.info;
    const error = objectAt(last?.['error']);
    const finished = objectAt(last?.['time'])?.['completed'] !== undefined || !!last?.['finish'];
    if (!last || (!finished && !error)) return { events: [], done: false };
    const events = messages.flatMap(({ parts }) =>
      parts.flatMap(
        (part) => this.handle({ type: 'message.part.updated', properties: { part } }).events,
      ),
    );
    if (error && !this.errorReported) {
      this.errorReported = true;
      events.push(errorEvent(error));
    }
    return { events, done: true };
  }

  /** The session has taken up the prompt (worked on it, or failed it). */
  get working(): boolean {
    return this.busy || this.failed;
  }

  private onPart(part: JsonObject, out: AgentEvent[]): void {
    const id = stringAt(part['id']);
    const messageId = stringAt(part['messageID']);
    // The user's own prompt comes back as a text part of the user message.
    if (!id || (messageId && this.userMessages.has(messageId))) return;
    switch (part['type']) {
      case 'text':
      case 'reasoning': {
        const kind = part['type'] === 'text' ? 'text' : 'thinking';
        this.partKinds.set(id, kind);
        const ended = objectAt(part['time'])?.['end'] !== undefined;
        const text = stringAt(part['text']);
        if (!ended || this.finishedParts.has(id)) return;
        this.finishedParts.add(id);
        if (text?.trim()) out.push({ type: 'part', part: { type: kind, text } });
        return;
      }
      case 'tool':
        this.onTool(part, out);
        return;
      case 'step-finish':
        if (this.finishedParts.has(id)) return;
        this.finishedParts.add(id);
        out.push({ type: 'usage', usage: this.addStep(part) });
        return;
    }
  }

  private onDelta(properties: JsonObject, out: AgentEvent[]): void {
    const partId = stringAt(properties['partID']);
    const kind = partId ? this.partKinds.get(partId) : undefined;
    const delta = stringAt(properties['delta']);
    // A delta for a part not opened yet, or after it finished, is left to the finished part.
    if (!kind || !delta || properties['field'] !== 'text' || this.finishedParts.has(partId ?? ''))
      return;
    out.push({ type: 'delta', kind, text: delta });
  }

  private onTool(part: JsonObject, out: AgentEvent[]): void {
    const id = stringAt(part['callID']) ?? stringAt(part['id']);
    const state = objectAt(part['state']);
    const status = state?.['status'];
    // `pending` has no input yet; the call is shown once it runs (or ends at once).
    if (!id || !state || (status !== 'running' && status !== 'completed' && status !== 'error'))
      return;
    const input = state['input'] ?? {};
    // A call to a tool the agent does not offer (plan mode's denied bash) comes back as the
    // `invalid` tool, "completed", with the attempted name in its input.
    const invalid = part['tool'] === 'invalid';
    if (!this.announcedTools.has(id)) {
      this.announcedTools.add(id);
      const name =
        (invalid ? stringAt(objectAt(input)?.['tool']) : stringAt(part['tool'])) ?? 'tool';
      out.push({ type: 'part', part: { type: 'tool_use', id, name, input } });
    }
    if (status === 'running' || this.finishedTools.has(id)) return;
    this.finishedTools.add(id);
    // A shell command that exits non-zero is still `completed`; only OpenCode's own refusals
    // (permission, unavailable tool, a bad edit) are errors.
    const output =
      status === 'error'
        ? (stringAt(state['error']) ?? 'The tool failed.')
        : displayText(state['output']);
    out.push({
      type: 'part',
      part: {
        type: 'tool_result',
        tool_use_id: id,
        output,
        is_error: status === 'error' || invalid,
      },
    });
  }

  /** `tokens.input` excludes cache reads and `tokens.output` excludes reasoning. */
  private addStep(part: JsonObject): TurnUsage {
    const tokens = objectAt(part['tokens']);
    const cache = objectAt(tokens?.['cache']);
    const cost = finiteNumberAt(part['cost']);
    const before = this.usage;
    this.usage = {
      input_tokens: (before?.input_tokens ?? 0) + tokenCount(tokens?.['input']),
      output_tokens: (before?.output_tokens ?? 0) + tokenCount(tokens?.['output']),
      cache_read_tokens: (before?.cache_read_tokens ?? 0) + tokenCount(cache?.['read']),
      cache_write_tokens: (before?.cache_write_tokens ?? 0) + tokenCount(cache?.['write']),
      reasoning_tokens: (before?.reasoning_tokens ?? 0) + tokenCount(tokens?.['reasoning']),
      cost_usd:
        cost === undefined ? (before?.cost_usd ?? null) : roundCost((before?.cost_usd ?? 0) + cost),
    };
    return this.usage;
  }
}

/** `session.error {error:{name, data:{message, statusCode?}}}` as an agent error. */
export function errorEvent(error: JsonObject | undefined): AgentEvent {
  const name = stringAt(error?.['name']) ?? 'Error';
  const data = objectAt(error?.['data']);
  const message = stringAt(data?.['message']) ?? name;
  return agentError(errorCode(name, message, finiteNumberAt(data?.['statusCode'])), message);
}

function errorCode(name: string, message: string, status: number | undefined): AgentErrorCode {
  if (/ModelNotFound/i.test(name)) return 'model-not-found';
  if (/ProviderAuth/i.test(name)) return 'not-logged-in';
  if (/MessageAborted/i.test(name)) return 'cancelled';
  return codeForHttpStatus(status) ?? classifyMessage(message) ?? 'api-error';
}
