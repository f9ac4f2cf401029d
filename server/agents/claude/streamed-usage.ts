import type { Usage } from '../../contract/index.js';
import { objectAt, stringAt, tokenCount, type JsonObject } from '../shared/json.js';

type Tokens = Omit<Usage, 'duration_ms' | 'cost_usd'>;

/**
 * The tokens each API call reported while it streamed (`message_start`, `message_delta`, and the
 * `assistant` lines), summed over the turn. A cancelled turn's `result` reports zeros, so this is
 * the usage known at the time of cancel.
 */
export class StreamedUsage {
  private readonly byMessage = new Map<string, Tokens>();
  private lastMessageId: string | null = null;

  /** A `stream_event`'s inner event. */
  onStreamEvent(inner: JsonObject): void {
    if (inner['type'] === 'message_start') {
      const message = objectAt(inner['message']);
      this.lastMessageId = stringAt(message?.['id']) ?? this.lastMessageId;
      this.note(this.lastMessageId, objectAt(message?.['usage']));
    } else if (inner['type'] === 'message_delta') {
      this.note(this.lastMessageId, objectAt(inner['usage']));
    }
  }

  /** An `assistant` line's message: it carries the call's usage so far. */
  onAssistantMessage(message: JsonObject | undefined): void {
    this.note(stringAt(message?.['id']) ?? null, objectAt(message?.['usage']));
  }

  /** The turn's tokens so far, or null when no call reported any. */
  total(): Tokens | null {
    if (this.byMessage.size === 0) return null;
    const sum = { ...ZERO };
    for (const tokens of this.byMessage.values()) {
      for (const key of Object.keys(sum) as (keyof Tokens)[]) sum[key] += tokens[key];
    }
    return Object.values(sum).some((count) => count > 0) ? sum : null;
  }

  /** Counts are running totals per call: a later report keeps each field's largest value. */
  private note(messageId: string | null, usage: JsonObject | undefined): void {
    if (!messageId || !usage) return;
    const before = this.byMessage.get(messageId) ?? ZERO;
    const reported: Tokens = {
      input_tokens: tokenCount(usage['input_tokens']),
      output_tokens: tokenCount(usage['output_tokens']),
      cache_read_tokens: tokenCount(usage['cache_read_input_tokens']),
      cache_write_tokens: tokenCount(usage['cache_creation_input_tokens']),
      reasoning_tokens: 0,
    };
    const next = { ...before };
    for (const key of Object.keys(next) as (keyof Tokens)[]) {
      next[key] = Math.max(before[key], reported[key]);
    }
    this.byMessage.set(messageId, next);
  }
}

const ZERO: Tokens = {
  input_tokens: 0,
  output_tokens: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  reasoning_tokens: 0,
};

/** Whether a usage counts any token at all. */
export function countsTokens(usage: Omit<Usage, 'duration_ms'>): boolean {
  return (
    usage.input_tokens + usage.output_tokens + usage.cache_read_tokens + usage.cache_write_tokens >
    0
  );
}
