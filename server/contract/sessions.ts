import { z } from 'zod';
import {
  Backend,
  ExecutionMode,
  Id,
  ModelName,
  Name,
  ThinkingLevel,
  Timestamp,
} from './common.js';
import { Message, QueuedMessage, Usage } from './messages.js';

export const SessionStatus = z.enum(['idle', 'running', 'queued', 'error']);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const Session = z
  .object({
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
    queue: z.array(QueuedMessage),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof Session>;

export const SessionWithMessages = Session.extend({ messages: z.array(Message) }).meta({
  id: 'SessionWithMessages',
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
  .meta({ id: 'CreateSession' });
export type CreateSession = z.infer<typeof CreateSession>;

export const UpdateSession = z
  .strictObject({
    name: Name,
    execution_mode: ExecutionMode,
    model: ModelName,
    thinking_level: ThinkingLevel,
    backend: Backend,
  })
  .partial()
  .meta({ id: 'UpdateSession' });
export type UpdateSession = z.infer<typeof UpdateSession>;

export const ReorderSessions = z
  .strictObject({ session_ids: z.array(Id).max(10_000) })
  .meta({ id: 'ReorderSessions' });
export type ReorderSessions = z.infer<typeof ReorderSessions>;

export const ApprovePlan = z
  .strictObject({ execution_mode: z.enum(['build', 'yolo']).optional() })
  .meta({ id: 'ApprovePlan' });
export type ApprovePlan = z.infer<typeof ApprovePlan>;

export const ListSessionsQuery = z.strictObject({
  include_archived: z.enum(['true', 'false']).optional(),
});
