import { z } from 'zod';

/** Every failure the API reports, with the HTTP status it travels with. */
export const ERROR_STATUS = {
  'invalid-request': 400,
  'invalid-json': 400,
  'not-a-git-repo': 400,
  /** The folder asked for does not exist (told apart from one that is not a repository). */
  'folder-not-found': 400,
  /** Folder listings stay inside the user's home folder. */
  'outside-home': 400,
  unauthorized: 401,
  'forbidden-host': 403,
  'forbidden-origin': 403,
  'not-found': 404,
  'already-exists': 409,
  'branch-exists': 409,
  'path-in-use': 409,
  'worktree-dirty': 409,
  'base-worktree': 409,
  'session-busy': 409,
  'not-waiting-for-approval': 409,
  /** The approval was answered already, or expired or was cancelled with its run. */
  'approval-not-pending': 409,
  /** The session's queue holds LIMITS.queuedMessages messages already. */
  'queue-full': 409,
  /** The worktree's teardown script failed; removal goes on only with ?force=true. */
  'teardown-failed': 409,
  'too-many-terminals': 409,
  /** Neither grove.json nor the project settings define the script asked for. */
  'no-script': 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  /** git refused because of the repository's state (a lock, a conflicting ref, …). */
  'git-failed': 409,
  'git-not-found': 503,
  /** Review and ship (git status, commit, merge, push, pull requests). */
  'nothing-to-commit': 409,
  'no-git-identity': 409,
  'merge-conflict': 409,
  'base-dirty': 409,
  /** Untracked (or ignored) files in the base checkout that the merge would overwrite. */
  'base-untracked-files': 409,
  'base-branch-mismatch': 409,
  'operation-in-progress': 409,
  'no-remote': 409,
  'push-rejected': 409,
  'gh-not-found': 409,
  'gh-not-authenticated': 409,
  'gh-failed': 409,
  /** Restoring a checkpoint would overwrite changes made since; done only with force. */
  'checkpoint-would-lose-work': 409,
  /** An attached file, or a message's files together, over the size limit. */
  'attachment-too-large': 413,
  /** An attached file that is neither an image Grove passes on (PNG, JPEG, GIF, WebP) nor text. */
  'attachment-type-not-allowed': 415,
  /** Grove's data could not be saved because the disk (or the user's quota) is full. */
  'storage-full': 507,
  /** Grove's data could not be saved: a read-only or failing disk, or no permission. */
  'storage-unavailable': 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      field: z.string().optional(),
      /** The files at fault: a merge's conflicts, or untracked files a merge would overwrite. */
      files: z.array(z.string()).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;
