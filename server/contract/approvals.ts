import { z } from 'zod';
import { Id, PlainText, Timestamp } from './common.js';

/** `command` for shell commands, `edit` for file changes, `other` for anything else that asks. */
export const ApprovalKind = z.enum(['command', 'edit', 'other']);
export type ApprovalKind = z.infer<typeof ApprovalKind>;

/**
 * A tool call the agent's CLI asked permission for, waiting for the user. Only asks that the
 * session's mode and allow-always rules leave open become approvals: in `plan` every ask is
 * denied at once, in `build` edits are allowed at once, in `yolo` everything is.
 */
export const Approval = z
  .object({
    id: Id,
    /** The CLI's own name of the tool (`Bash`, `Write`, `commandExecution`, `bash`…). */
    tool: z.string(),
    kind: ApprovalKind,
    /** The tool's input as the CLI gave it: the command, the path and content, the patch. */
    input: z.unknown(),
    /** One line for a person: the command line, or "Edit src/app.ts". */
    description: z.string(),
    /** For commands, the command's name (`npm`, `git`): what "always allow" remembers. */
    command_name: z.string().nullable(),
    created_at: Timestamp,
  })
  .meta({
    id: 'Approval',
    examples: [
      {
        id: '6c8e0a2b-4d6f-4a1c-9e3b-5f7a9c1e3b5d',
        tool: 'Bash',
        kind: 'command',
        input: { command: 'npm test' },
        description: 'npm test',
        command_name: 'npm',
        created_at: 1767225700,
      },
    ],
  });
export type Approval = z.infer<typeof Approval>;

/** What the user answers. `allow-always` also adds an allow-always rule to the session. */
export const ApprovalDecision = z.enum(['allow', 'deny', 'allow-always']);
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

/**
 * How an approval ended: the user's decision; `cancelled` when its run was cancelled (or ended
 * some other way) first; `expired` when Grove restarted while it waited. The CLI reads both of
 * those as a deny, and an expired or cancelled approval can no longer be answered (409).
 */
export const ApprovalResolution = z.enum(['allow', 'deny', 'allow-always', 'cancelled', 'expired']);
export type ApprovalResolution = z.infer<typeof ApprovalResolution>;

/**
 * Allows at once, for the rest of the session, every ask of `tool`; for commands
 * (`command_name` set), only those running that same command.
 */
export const ApprovalRule = z
  .strictObject({
    tool: PlainText(200).min(1, 'must not be empty'),
    command_name: PlainText(200).min(1, 'must not be empty').nullable(),
  })
  .meta({ id: 'ApprovalRule', examples: [{ tool: 'Bash', command_name: 'npm' }] });
export type ApprovalRule = z.infer<typeof ApprovalRule>;

export const AnswerApproval = z
  .strictObject({
    decision: ApprovalDecision,
    /** Shown to the model with a deny; ignored otherwise. */
    message: z.string().max(10_000).optional(),
  })
  .meta({
    id: 'AnswerApproval',
    examples: [
      { decision: 'allow' },
      { decision: 'deny', message: 'Do not touch the lock file; run npm ci instead.' },
      { decision: 'allow-always' },
    ],
  });
export type AnswerApproval = z.infer<typeof AnswerApproval>;

export const ApprovalAnswered = z
  .object({ session_id: Id, approval_id: Id, decision: ApprovalDecision })
  .meta({ id: 'ApprovalAnswered' });
export type ApprovalAnswered = z.infer<typeof ApprovalAnswered>;
