import { z } from 'zod';
import { Attachment, AttachmentIds } from './attachments.js';
import { Backend, Id, LIMITS, Timestamp } from './common.js';
import { RunError } from './run-errors.js';

export const TextPart = z.object({ type: z.literal('text'), text: z.string() });
export const ThinkingPart = z.object({ type: z.literal('thinking'), text: z.string() });
export const ToolUsePart = z.object({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
});
export const ToolResultPart = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  output: z.string(),
  is_error: z.boolean(),
});

export const MessagePart = z
  .discriminatedUnion('type', [TextPart, ThinkingPart, ToolUsePart, ToolResultPart])
  .meta({ id: 'MessagePart' });
export type MessagePart = z.infer<typeof MessagePart>;

/** The tokens a run used, by kind: what a run's usage and a session's total both count. */
const TokenCounts = z.object({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cache_read_tokens: z.number().int().nonnegative(),
  cache_write_tokens: z.number().int().nonnegative(),
  reasoning_tokens: z.number().int().nonnegative(),
});

export type TokenCounts = z.infer<typeof TokenCounts>;

export const Usage = TokenCounts.extend({
  cost_usd: z.number().nonnegative().nullable(),
  duration_ms: z.number().int().nonnegative(),
}).meta({ id: 'Usage' });
export type Usage = z.infer<typeof Usage>;

/**
 * What a session's runs used, all added up. `cost_usd` sums the costs the CLIs reported;
 * `runs_without_cost` counts runs that used tokens but whose cost is unknown (a cancelled run,
 * a CLI that reports none), which makes `cost_usd` a lower bound whenever it is above 0.
 */
export const UsageTotal = TokenCounts.extend({
  cost_usd: z.number().nonnegative(),
  runs: z.number().int().nonnegative(),
  runs_without_cost: z.number().int().nonnegative(),
}).meta({ id: 'UsageTotal' });
export type UsageTotal = z.infer<typeof UsageTotal>;

export const NO_USAGE_TOTAL: UsageTotal = {
  input_tokens: 0,
  output_tokens: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  reasoning_tokens: 0,
  cost_usd: 0,
  runs: 0,
  runs_without_cost: 0,
};

/** A turn that used no tokens, or whose CLI reported none; runs add their own duration. */
export const NO_TOKENS: Omit<Usage, 'duration_ms'> = {
  input_tokens: 0,
  output_tokens: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  reasoning_tokens: 0,
  cost_usd: null,
};

export const MessageStatus = z.enum(['complete', 'cancelled', 'error', 'interrupted']);

export const Message = z
  .object({
    id: Id,
    session_id: Id,
    role: z.enum(['user', 'assistant']),
    created_at: Timestamp,
    run_id: Id.nullable(),
    parts: z.array(MessagePart),
    status: MessageStatus,
    /** The plan this assistant message proposes, when a plan run ended with one. */
    plan: z.string().nullable().optional(),
    usage: Usage.nullable().optional(),
    error: RunError.nullable().optional(),
    /** Files the user attached to this message. */
    attachments: z.array(Attachment).optional(),
    /**
     * Where this answer ends in the CLI's own conversation, for CLIs whose conversation can be
     * cut there (Claude's message uuid, Codex's turn id, OpenCode's message id): a fork from
     * here resumes that conversation up to it.
     */
    cli_turn: z
      .object({ backend: Backend, conversation_id: z.string(), message_id: z.string() })
      .nullable()
      .optional(),
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof Message>;

export const QueuedMessage = z
  .object({
    id: Id,
    content: z.string(),
    created_at: Timestamp,
    attachments: z.array(Attachment).optional(),
  })
  .meta({ id: 'QueuedMessage' });
export type QueuedMessage = z.infer<typeof QueuedMessage>;

export const SendMessage = z
  .strictObject({
    content: z
      .string()
      .trim()
      .max(LIMITS.messageContent, `must be at most ${LIMITS.messageContent} characters`),
    /** Ids of files uploaded to the session (`POST /api/sessions/{id}/attachments`). */
    attachments: AttachmentIds.optional(),
  })
  // A picture alone is a message; nothing at all is not.
  .refine((body) => body.content !== '' || (body.attachments?.length ?? 0) > 0, {
    path: ['content'],
    message: 'must not be empty without attachments',
  })
  .meta({
    id: 'SendMessage',
    description: `content: at most ${LIMITS.messageContent} characters, empty only when files are attached; attachments: ids of uploaded files.`,
  });
export type SendMessage = z.infer<typeof SendMessage>;

export const MessagePageQuery = z.strictObject({
  before: Id.optional(),
  /** Index of the first message wanted (0 is the oldest): a jump to any point of a long history. */
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const MessagePage = z
  .object({
    messages: z.array(Message),
    /** Older messages exist before this page. */
    has_more: z.boolean(),
    /** Index of the page's first message in the whole history, and the history's length. */
    offset: z.number().int().min(0),
    total: z.number().int().min(0),
  })
  .meta({ id: 'MessagePage' });
export type MessagePage = z.infer<typeof MessagePage>;

export const SendMessageResult = z
  .object({
    /** The stored user message, when a run started. */
    message: Message.nullable(),
    /** The queued message, when a run was already going. */
    queued: QueuedMessage.nullable(),
    run_id: Id.nullable(),
  })
  .meta({ id: 'SendMessageResult' });
export type SendMessageResult = z.infer<typeof SendMessageResult>;
