import { z } from 'zod';
import { Id, LIMITS, Name, Timestamp } from './common.js';
import { WorktreeSetup } from './terminals.js';

/** A git ref name component: conservative so it is safe as a branch and a folder name. */
export const BranchName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(LIMITS.branch)
  .regex(
    /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*\.lock$)[A-Za-z0-9._/-]+(?<![./])$/,
    'is not a valid branch name',
  );

/**
 * A new branch: also not under `refs/`, which git would nest (`refs/heads/refs/heads/main`).
 * git's own `check-ref-format --branch` has the last word (WorktreeService.create).
 */
const NewBranchName = BranchName.refine(
  (value) => !value.startsWith('refs/'),
  'must not start with "refs/"; give the branch name alone, e.g. "main"',
);

export const GitStatus = z.object({
  dirty: z.boolean(),
  ahead: z.number().int().nonnegative(),
  behind: z.number().int().nonnegative(),
});
export type GitStatus = z.infer<typeof GitStatus>;

export const Worktree = z
  .object({
    id: Id,
    project_id: Id,
    name: z.string(),
    /** `base` is the repository's own checkout; `worktree` is one Grove created with `git worktree add`. */
    kind: z.enum(['base', 'worktree']),
    branch: z.string(),
    base_branch: z.string().nullable(),
    path: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
    archived_at: Timestamp.nullable(),
    /** The pull request opened from this worktree's branch by Grove, if any. */
    pr_url: z.string().optional(),
    pr_number: z.number().int().positive().optional(),
    /** Only on single-worktree reads, where the git call is worth it. */
    status: GitStatus.optional(),
    /** The grove.json setup script run when the worktree was created, if there is one. */
    setup: WorktreeSetup.optional(),
  })
  .meta({ id: 'Worktree' });
export type Worktree = z.infer<typeof Worktree>;

export const CreateWorktree = z
  .strictObject({
    name: Name.optional(),
    branch: NewBranchName.optional(),
    base_branch: BranchName.optional(),
  })
  .meta({ id: 'CreateWorktree' });
export type CreateWorktree = z.infer<typeof CreateWorktree>;

export const UpdateWorktree = z
  .strictObject({ name: Name })
  .partial()
  .meta({ id: 'UpdateWorktree' });
export type UpdateWorktree = z.infer<typeof UpdateWorktree>;
