import { rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { WorktreeGitStatus } from '../contract/index.js';
import { GroveError } from '../errors.js';
import { gitFailure, gitOut, gitSaid, runGit, type GitResult } from './run.js';

const IDENTITY_HELP =
  'git does not know who you are, so it cannot commit. Set your name and email once with ' +
  '`git config --global user.name "Your Name"` and `git config --global user.email you@example.com`, then try again.';

/** git refused to write a commit because it has no name or email for the author. */
export function throwIfNoIdentity(result: GitResult): void {
  const said = `${result.stderr}\n${result.stdout}`;
  if (/Please tell me who you are|unable to auto-detect email|empty ident name/i.test(said)) {
    throw new GroveError('no-git-identity', IDENTITY_HELP);
  }
}

/**
 * Commit everything, or only `paths` (their working-tree contents, new files included, leaving
 * anything else that is staged out of this commit). Returns the new commit's sha.
 */
export async function commitChanges(
  dir: string,
  status: WorktreeGitStatus,
  message: string,
  paths: readonly string[] | undefined,
): Promise<string> {
  if (status.conflicts.length > 0 && paths !== undefined) {
    throw new GroveError(
      'operation-in-progress',
      `Resolve the conflicts first (${status.conflicts.join(', ')}), then commit everything.`,
    );
  }
  if (status.files.length === 0 && status.operation === null) {
    throw new GroveError('nothing-to-commit', 'There are no changes to commit.');
  }
  if (paths !== undefined) {
    const changed = new Set(status.files.flatMap((file) => [file.path, file.old_path ?? '']));
    const selected = paths.filter((item) => changed.has(item) || isFolderOf(item, changed));
    if (selected.length === 0) {
      throw new GroveError('nothing-to-commit', 'None of the chosen files has changes.');
    }
    await gitOut(dir, ['add', '--all', '--', ...selected]);
    return commit(dir, message, ['--only', '--', ...selected]);
  }
  await gitOut(dir, ['add', '--all']);
  return commit(dir, message, []);
}

function isFolderOf(folder: string, changed: Set<string>): boolean {
  return [...changed].some((file) => file.startsWith(`${folder.replace(/\/$/, '')}/`));
}

async function commit(dir: string, message: string, tail: string[]): Promise<string> {
  const args = ['commit', '--no-verify', '--cleanup=strip', '-F', '-', ...tail];
  const result = await runGit(dir, args, { input: message });
  if (result.code !== 0) {
    const said = `${result.stderr}\n${result.stdout}`;
    throwIfNoIdentity(result);
    if (/nothing to commit|no changes added to commit|nothing added to commit/i.test(said)) {
      throw new GroveError('nothing-to-commit', 'There are no changes to commit.');
    }
    throw gitFailure(args, result);
  }
  return (await gitOut(dir, ['rev-parse', 'HEAD'])).trim();
}

/**
 * Throw away the changes of `paths`: tracked files go back to HEAD (index and work tree), files
 * git does not track (or that are only added to the index) are deleted.
 */
export async function discardChanges(
  dir: string,
  status: WorktreeGitStatus,
  paths: readonly string[],
): Promise<void> {
  const byPath = new Map(status.files.map((file) => [file.path, file]));
  const restore = new Set<string>();
  const remove = new Set<string>();
  for (const item of paths) {
    const inside = status.files.filter((file) =>
      file.path.startsWith(`${item.replace(/\/$/, '')}/`),
    );
    const files = byPath.has(item) ? [byPath.get(item)] : inside;
    if (files.length === 0) {
      throw new GroveError(
        'invalid-request',
        `paths: "${item}" has no changes to discard.`,
        'paths',
      );
    }
    for (const file of files) {
      if (!file) continue;
      if (file.status === 'untracked' || file.status === 'added') remove.add(file.path);
      else restore.add(file.path);
      if (file.status === 'renamed' && file.old_path) {
        remove.add(file.path);
        restore.delete(file.path);
        restore.add(file.old_path);
      }
    }
  }
  const added = [...remove].filter((file) => byPath.get(file)?.status !== 'untracked');
  if (added.length > 0) await gitOut(dir, ['rm', '--cached', '--force', '--quiet', '--', ...added]);
  if (restore.size > 0) {
    const args = ['restore', '--source=HEAD', '--staged', '--worktree', '--', ...restore];
    const result = await runGit(dir, args);
    if (result.code !== 0)
      throw new GroveError('git-failed', `git restore failed: ${gitSaid(result)}`);
  }
  for (const file of remove) {
    await rm(path.join(dir, file), { force: true, recursive: true });
    await removeEmptyParents(dir, path.dirname(file));
  }
}

/** A discarded untracked folder should go as a whole, not leave its empty subfolders behind. */
async function removeEmptyParents(root: string, relative: string): Promise<void> {
  for (let folder = relative; folder !== '.' && folder !== ''; folder = path.dirname(folder)) {
    const removed = await rmdir(path.join(root, folder)).then(
      () => true,
      () => false,
    );
    if (!removed) return;
  }
}
