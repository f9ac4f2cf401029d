import { z } from 'zod';

export const FileChangeStatus = z.enum([
  'added',
  'modified',
  'deleted',
  'renamed',
  'untracked',
  'conflicted',
]);
export type FileChangeStatus = z.infer<typeof FileChangeStatus>;

export const ChangedFile = z
  .object({
    path: z.string(),
    /** The path before a rename; null otherwise. */
    old_path: z.string().nullable(),
    status: FileChangeStatus,
    /** Whether some of the change is already in git's index. */
    staged: z.boolean(),
    additions: z.number().int().nonnegative(),
    deletions: z.number().int().nonnegative(),
    binary: z.boolean(),
  })
  .meta({ id: 'ChangedFile' });
export type ChangedFile = z.infer<typeof ChangedFile>;

export const WorktreeGitStatus = z
  .object({
    branch: z.string().nullable(),
    base_branch: z.string().nullable(),
    /** The commit checked out; null before the first commit. */
    head: z.string().nullable(),
    /** Commits on this branch and not on the base branch, and the other way round. */
    ahead: z.number().int().nonnegative(),
    behind: z.number().int().nonnegative(),
    upstream: z.string().nullable(),
    /** Commits not pushed to the upstream; null when there is no upstream. */
    unpushed: z.number().int().nonnegative().nullable(),
    operation: z.enum(['merge', 'rebase']).nullable(),
    conflicts: z.array(z.string()),
    files: z.array(ChangedFile),
  })
  .meta({ id: 'WorktreeGitStatus' });
export type WorktreeGitStatus = z.infer<typeof WorktreeGitStatus>;

export const DiffScope = z.enum(['uncommitted', 'branch', 'commit']);
export type DiffScope = z.infer<typeof DiffScope>;

export const DiffQuery = z.strictObject({
  scope: DiffScope.default('uncommitted'),
  commit: z
    .string()
    .regex(/^[0-9a-fA-F]{4,64}$/, 'must be a commit sha')
    .optional(),
  path: z.string().min(1).optional(),
});
export type DiffQuery = z.infer<typeof DiffQuery>;

export const FileDiff = z
  .object({
    path: z.string(),
    old_path: z.string().nullable(),
    status: FileChangeStatus,
    additions: z.number().int().nonnegative(),
    deletions: z.number().int().nonnegative(),
    binary: z.boolean(),
    /** Over 1 MB or 20,000 changed lines: the patch is left out unless asked for by `path`. */
    too_large: z.boolean(),
    /** git's unified diff of this file; null when binary or too large. */
    patch: z.string().nullable(),
  })
  .meta({ id: 'FileDiff' });
export type FileDiff = z.infer<typeof FileDiff>;

export const WorktreeDiff = z
  .object({ scope: DiffScope, files: z.array(FileDiff) })
  .meta({ id: 'WorktreeDiff' });
export type WorktreeDiff = z.infer<typeof WorktreeDiff>;

export const CommitsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z
    .string()
    .regex(/^[0-9a-fA-F]{4,64}$/, 'must be a commit sha')
    .optional(),
});
export type CommitsQuery = z.infer<typeof CommitsQuery>;

export const CommitInfo = z
  .object({
    sha: z.string(),
    subject: z.string(),
    body: z.string(),
    author: z.string(),
    /** ISO 8601 author date. */
    date: z.string(),
    files_changed: z.number().int().nonnegative(),
    additions: z.number().int().nonnegative(),
    deletions: z.number().int().nonnegative(),
  })
  .meta({ id: 'CommitInfo' });
export type CommitInfo = z.infer<typeof CommitInfo>;

/** A path inside the worktree, relative to its top folder. */
const WorktreePath = z.string().min(1, 'must not be empty').max(4096);

export const CommitRequest = z
  .strictObject({
    message: z.string().trim().min(1, 'must not be empty').max(100_000),
    paths: z.array(WorktreePath).min(1).max(10_000).optional(),
  })
  .meta({ id: 'CommitRequest' });
export type CommitRequest = z.infer<typeof CommitRequest>;

export const CommitResult = z.object({ sha: z.string() }).meta({ id: 'CommitResult' });
export type CommitResult = z.infer<typeof CommitResult>;

export const DiscardRequest = z
  .strictObject({ paths: z.array(WorktreePath).min(1).max(10_000) })
  .meta({ id: 'DiscardRequest' });
export type DiscardRequest = z.infer<typeof DiscardRequest>;

export const MergeStrategy = z.enum(['merge', 'squash', 'rebase']);
export type MergeStrategy = z.infer<typeof MergeStrategy>;

export const MergeRequest = z
  .strictObject({
    strategy: MergeStrategy.default('merge'),
    message: z.string().trim().min(1).max(100_000).optional(),
  })
  .meta({ id: 'MergeRequest' });
export type MergeRequest = z.infer<typeof MergeRequest>;

export const MergeResult = z
  .object({ strategy: MergeStrategy, base_branch: z.string(), head: z.string() })
  .meta({ id: 'MergeResult' });
export type MergeResult = z.infer<typeof MergeResult>;

export const UpdateRequest = z
  .strictObject({
    strategy: z.enum(['merge', 'rebase']).default('merge'),
    /** On a conflict, leave it in the worktree (for the user or the agent) instead of aborting. */
    keep_conflicts: z.boolean().default(false),
  })
  .meta({ id: 'UpdateRequest' });
export type UpdateRequest = z.infer<typeof UpdateRequest>;

export const UpdateResult = z
  .object({
    outcome: z.enum(['updated', 'up-to-date', 'conflicts']),
    conflicts: z.array(z.string()),
    status: WorktreeGitStatus,
  })
  .meta({ id: 'UpdateResult' });
export type UpdateResult = z.infer<typeof UpdateResult>;

export const PushRequest = z
  .strictObject({
    remote: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'is not a remote name')
      .optional(),
    force_with_lease: z.boolean().default(false),
  })
  .meta({ id: 'PushRequest' });
export type PushRequest = z.infer<typeof PushRequest>;

export const PushResult = z
  .object({ remote: z.string(), branch: z.string(), upstream: z.string(), output: z.string() })
  .meta({ id: 'PushResult' });
export type PushResult = z.infer<typeof PushResult>;

export const PullRequestRequest = z
  .strictObject({
    title: z.string().trim().min(1, 'must not be empty').max(1000),
    body: z.string().max(100_000).optional(),
    draft: z.boolean().default(false),
  })
  .meta({ id: 'PullRequestRequest' });
export type PullRequestRequest = z.infer<typeof PullRequestRequest>;

export const PullRequestResult = z
  .object({ url: z.string(), number: z.number().int().positive() })
  .meta({ id: 'PullRequestResult' });
export type PullRequestResult = z.infer<typeof PullRequestResult>;

export const GithubCliInfo = z
  .object({
    found: z.boolean(),
    path: z.string().nullable(),
    version: z.string().nullable(),
    install_hint: z.string(),
  })
  .meta({ id: 'GithubCliInfo' });
export type GithubCliInfo = z.infer<typeof GithubCliInfo>;
