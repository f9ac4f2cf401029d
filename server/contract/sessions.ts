import { z } from 'zod';
import { Backend, ExecutionMode, Id, ModelName, Name, ThinkingLevel, Timestamp } from './common.js';
import { Approval, ApprovalRule } from './approvals.js';
import { Message, NO_USAGE_TOTAL, QueuedMessage, Usage, UsageTotal } from './messages.js';

/** `awaiting_approval`: a run is going and stopped at a tool call until the user answers. */
export const SessionStatus = z.enum(['idle', 'running', 'awaiting_approval', 'queued', 'error']);
export type SessionStatus = z.infer<typeof SessionStatus>;

const SessionFields = z.object({
  id: Id,
  worktree_id: Id,
  name: z.string(),
  created_at: Timestamp,
  updated_at: Timestamp,
  archived_at: Timestamp.nullable(),
  execution_mode: ExecutionMode,
  model: z.string(),
  thinking_level: ThinkingLevel,
  backend: Backend,
  message_count: z.number().int().nonnegative(),
  status: SessionStatus,
  /** True while a plan run's plan waits for `approve-plan`. */
  awaiting_plan_approval: z.boolean(),
  /** The backend's own conversation id per backend, used to resume it. */
  resume_ids: z.object({
    claude: z.string().nullable(),
    codex: z.string().nullable(),
    opencode: z.string().nullable(),
  }),
  last_usage: Usage.nullable(),
  /** Every run's usage added up; absent in sessions saved before Grove kept it, until counted. */
  usage_total: UsageTotal.optional(),
  queue: z.array(QueuedMessage),
  /** Tool calls waiting for the user's answer (`POST …/approvals/:approvalId`). */
  pending_approvals: z.array(Approval).default([]),
  /** What "always allow" added in this session; `PATCH` with `[]` clears them. */
  approval_rules: z.array(ApprovalRule).default([]),
  /** The user named the session (on creation or by a rename): automatic titles never replace it. */
  named_by_user: z.boolean().optional(),
  /** When the current run started, in milliseconds since the epoch (a live timer counts from it); null between runs. */
  run_started_at_ms: z.number().int().nonnegative().nullable().optional(),
  /**
   * A fork's first run: the conversation id of the CLI's own conversation to fork (the source's,
   * when forked at its end), or the earlier history to give the agent as context. Cleared once
   * the fork has a conversation of its own.
   */
  pending_fork: z
    .object({
      resume_id: z.string().nullable(),
      /** The CLI's message the forked conversation is cut after; null keeps all of it. */
      resume_at: z.string().nullable().optional(),
      context: z.string().nullable(),
    })
    .nullable()
    .optional(),
});

export const ForkSession = z
  .strictObject({ message_id: Id })
  .meta({ id: 'ForkSession', description: 'message_id: the last message the fork keeps.' });
export type ForkSession = z.infer<typeof ForkSession>;

// ---- examples carried into the OpenAPI document (each one is checked against its schema) ----

const exampleSession: z.infer<typeof SessionFields> = {
  id: '3f0b6c2e-8a4d-4f7e-9c1a-2b5d7e9f1a3c',
  worktree_id: 'b7e2a9d4-1c3f-4e8a-a6b2-5d9c0e7f3a18',
  name: 'Feature implementation',
  created_at: 1767225600,
  updated_at: 1767225600,
  archived_at: null,
  execution_mode: 'plan',
  model: 'sonnet',
  thinking_level: 'off',
  backend: 'claude',
  message_count: 0,
  status: 'idle',
  awaiting_plan_approval: false,
  resume_ids: { claude: null, codex: null, opencode: null },
  last_usage: null,
  usage_total: NO_USAGE_TOTAL,
  queue: [],
  pending_approvals: [],
  approval_rules: [],
};

const exampleMessages: z.infer<typeof Message>[] = [
  {
    id: '5a1c9e3b-7d2f-4b6a-8e0c-1f3a5b7d9e2c',
    session_id: exampleSession.id,
    role: 'user',
    created_at: 1767225660,
    run_id: null,
    parts: [{ type: 'text', text: 'Add a --verbose flag to the CLI.' }],
    status: 'complete',
  },
  {
    id: '9e4d2b6f-1a3c-4e5b-b7d9-0c2e4f6a8b1d',
    session_id: exampleSession.id,
    role: 'assistant',
    created_at: 1767225672,
    run_id: 'c2d4e6f8-0a1b-4c3d-9e5f-7a9b1c3d5e7f',
    parts: [{ type: 'text', text: 'Plan: parse --verbose in cli.ts and pass it to the logger.' }],
    status: 'complete',
  },
];

export const Session = SessionFields.meta({
  id: 'Session',
  examples: [
    exampleSession,
    {
      ...exampleSession,
      name: 'Session 2',
      execution_mode: 'build',
      model: 'gpt-5.5',
      thinking_level: 'think',
      backend: 'codex',
      updated_at: 1767229200,
      archived_at: 1767229200,
    },
  ],
});
export type Session = z.infer<typeof Session>;

/** Named so the OpenAPI document refers to `Session` instead of inlining a copy of it. */
export const SessionList = z.array(Session).meta({
  id: 'SessionList',
  description: "A worktree's sessions in tab order.",
});
export type SessionList = z.infer<typeof SessionList>;

export const SessionWithMessages = Session.extend({ messages: z.array(Message) }).meta({
  id: 'SessionWithMessages',
  examples: [{ ...exampleSession, message_count: 2, messages: exampleMessages }],
});
export type SessionWithMessages = z.infer<typeof SessionWithMessages>;

export const CreateSession = z
  .strictObject({
    name: Name.optional(),
    execution_mode: ExecutionMode.optional(),
    model: ModelName.optional(),
    thinking_level: ThinkingLevel.optional(),
    backend: Backend.optional(),
  })
  .meta({
    id: 'CreateSession',
    description:
      'Every field is optional: the name defaults to "Session N", execution_mode to the global default (plan), and model, thinking_level and backend to the project defaults, then the global preferences.',
    examples: [
      { name: 'Feature implementation', execution_mode: 'plan', backend: 'claude' },
      {},
      { backend: 'codex', model: 'gpt-5.5', thinking_level: 'megathink', execution_mode: 'build' },
    ],
  });
export type CreateSession = z.infer<typeof CreateSession>;

export const UpdateSession = z
  .strictObject({
    name: Name,
    execution_mode: ExecutionMode,
    model: ModelName,
    thinking_level: ThinkingLevel,
    backend: Backend,
    approval_rules: z.array(ApprovalRule).max(1_000),
  })
  .partial()
  .meta({
    id: 'UpdateSession',
    description:
      "Only the fields given change. Switching backend without a model moves the session to the new backend's default model. `approval_rules` replaces the session's allow-always rules (`[]` clears them).",
    examples: [
      { name: 'Updated feature name' },
      { execution_mode: 'build', thinking_level: 'ultrathink' },
      { backend: 'opencode', model: 'anthropic/claude-sonnet-4-5' },
      { approval_rules: [] },
    ],
  });
export type UpdateSession = z.infer<typeof UpdateSession>;

export const ReorderSessions = z.strictObject({ session_ids: z.array(Id).max(10_000) }).meta({
  id: 'ReorderSessions',
  description:
    'Sessions listed come first, in this order; sessions left out keep their relative order after them.',
  examples: [{ session_ids: [exampleSession.id, '7b3e5d1f-9c2a-4e6b-a8d0-2f4b6c8e0a1d'] }],
});
export type ReorderSessions = z.infer<typeof ReorderSessions>;

export const ApprovePlan = z
  .strictObject({ execution_mode: z.enum(['build', 'yolo']).optional() })
  .meta({ id: 'ApprovePlan', examples: [{ execution_mode: 'build' }] });
export type ApprovePlan = z.infer<typeof ApprovePlan>;

export const ListSessionsQuery = z.strictObject({
  include_archived: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'Include archived sessions (default false).', examples: ['true'] }),
});
