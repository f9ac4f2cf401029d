import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { MergeStrategy } from '../contract/index.js';
import { GroveError } from '../errors.js';
import { throwIfNoIdentity } from './commit.js';
import { currentBranch } from './git.js';
import { gitFailure, gitOut, runGit, splitNul } from './run.js';
import { operationInProgress } from './status.js';

export interface MergePlan {
  /** The worktree holding the branch, and the branch. */
  worktreeDir: string;
  branch: string;
  /** The project's own checkout, which must have the base branch checked out and be clean. */
  baseDir: string;
  baseBranch: string;
  strategy: MergeStrategy;
  message?: string | undefined;
}

/**
 * Land the branch on the base branch in the base checkout. Every refusal happens before anything
 * changes, and a conflict found half-way is rolled back, so the base checkout is either moved
 * forward or left exactly as it was (same HEAD, no MERGE_HEAD, clean).
 */
export async function mergeIntoBase(plan: MergePlan): Promise<string> {
  await checkBaseCheckout(plan);
  const preview = await previewMerge(plan.baseDir, plan.baseBranch, plan.branch);
  if (preview.conflicts.length > 0) throw conflictError(plan, preview.conflicts);
  const inTheWay = await filesInTheWay(plan.baseDir, plan.baseBranch, preview.tree);
  if (inTheWay.length > 0) {
    // git refuses untracked ones only half-way (a rebase would already have moved the branch)
    // and overwrites ignored ones (a `.env`, say) without a word.
    throw new GroveError(
      'base-untracked-files',
      `The project's checkout (${plan.baseDir}) has files git does not track that the merge would overwrite: ${inTheWay.join(', ')}. Move, delete or commit them there first; nothing was changed.`,
      undefined,
      inTheWay,
    );
  }
  if (plan.strategy === 'rebase') {
    await rebaseOnto(plan.worktreeDir, plan.baseBranch, plan);
    await gitOut(plan.baseDir, ['merge', '--ff-only', '--quiet', plan.branch]);
  } else if (plan.strategy === 'squash') {
    await squash(plan);
  } else {
    const message = plan.message ?? `Merge branch '${plan.branch}' into ${plan.baseBranch}`;
    const args = ['merge', '--no-ff', '--quiet', '-m', message, plan.branch];
    const result = await runGit(plan.baseDir, args);
    if (result.code !== 0) {
      const conflicts = await conflictedFiles(plan.baseDir);
      await runGit(plan.baseDir, ['merge', '--abort']);
      throwIfNoIdentity(result);
      throw conflicts.length > 0 ? conflictError(plan, conflicts) : gitFailure(args, result);
    }
  }
  return (await gitOut(plan.baseDir, ['rev-parse', 'HEAD'])).trim();
}

async function checkBaseCheckout(plan: MergePlan): Promise<void> {
  const onBranch = await currentBranch(plan.baseDir);
  if (onBranch !== plan.baseBranch) {
    throw new GroveError(
      'base-branch-mismatch',
      `The project's checkout (${plan.baseDir}) is on "${onBranch}", not on the base branch "${plan.baseBranch}"; switch it to "${plan.baseBranch}" first.`,
    );
  }
  const tracked = await gitOut(plan.baseDir, ['status', '--porcelain', '--untracked-files=no']);
  if (tracked.trim() !== '' || (await operationInProgress(plan.baseDir)) !== null) {
    throw new GroveError(
      'base-dirty',
      `The project's checkout (${plan.baseDir}) has uncommitted changes on "${plan.baseBranch}"; commit or stash them there first.`,
    );
  }
}

/**
 * What a merge of `branch` into `base` would give, computed without touching a checkout: the
 * merged tree, and the files it would conflict in.
 */
export async function previewMerge(
  dir: string,
  base: string,
  branch: string,
): Promise<{ tree: string; conflicts: string[] }> {
  const args = ['merge-tree', '-z', '--write-tree', '--name-only', '--no-messages', base, branch];
  const result = await runGit(dir, args);
  if (result.code !== 0 && result.code !== 1) throw gitFailure(args, result);
  const [tree = '', ...conflicts] = splitNul(result.stdout);
  return { tree, conflicts: result.code === 0 ? [] : [...new Set(conflicts)] };
}

/**
 * Paths the merged `tree` adds to `base` where the checkout `dir` already has something git does
 * not track (untracked or ignored): writing the merge there would overwrite or trip over it.
 */
async function filesInTheWay(dir: string, base: string, tree: string): Promise<string[]> {
  const added = splitNul(
    await gitOut(dir, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=A', base, tree]),
  );
  const found: string[] = [];
  for (const file of added) {
    const blocker = await occupiedPrefix(dir, file);
    if (blocker === null || found.includes(blocker)) continue;
    // A file or folder `base` tracks (one the merge replaces) is git's to handle.
    const tracked = await runGit(dir, ['cat-file', '-e', `${base}:${blocker}`]);
    if (tracked.code !== 0) found.push(blocker);
  }
  return found;
}

/** `file` itself if something is there, or a parent folder of it that is a file; else null. */
async function occupiedPrefix(dir: string, file: string): Promise<string | null> {
  const parts = file.split('/');
  for (let depth = 1; depth <= parts.length; depth++) {
    const prefix = parts.slice(0, depth).join('/');
    const entry = await lstat(path.join(dir, prefix)).catch(() => null);
    if (!entry) return null;
    if (depth === parts.length || !entry.isDirectory()) return prefix;
  }
  return null;
}

async function squash(plan: MergePlan): Promise<void> {
  const subjects = await gitOut(plan.baseDir, [
    'log',
    '--reverse',
    '--format=* %s',
    `${plan.baseBranch}..${plan.branch}`,
    '--',
  ]);
  const message = plan.message ?? `${plan.branch}\n\n${subjects.trim()}`;
  const merged = await runGit(plan.baseDir, ['merge', '--squash', '--quiet', plan.branch]);
  if (merged.code !== 0) {
    const conflicts = await conflictedFiles(plan.baseDir);
    // The checkout was clean before, so going back to HEAD undoes only what the squash did.
    await gitOut(plan.baseDir, ['reset', '--hard', '--quiet', 'HEAD']);
    throw conflicts.length > 0 ? conflictError(plan, conflicts) : gitFailure(['merge'], merged);
  }
  const args = ['commit', '--no-verify', '--cleanup=strip', '-F', '-'];
  const committed = await runGit(plan.baseDir, args, { input: message });
  if (committed.code !== 0) {
    await gitOut(plan.baseDir, ['reset', '--hard', '--quiet', 'HEAD']);
    throwIfNoIdentity(committed);
    throw gitFailure(args, committed);
  }
}

/** Replay the worktree's branch onto `onto`; a conflict is aborted and reported. */
export async function rebaseOnto(
  dir: string,
  onto: string,
  names: { branch: string; baseBranch: string },
): Promise<void> {
  const args = ['rebase', '--quiet', onto];
  const result = await runGit(dir, args);
  if (result.code === 0) return;
  const conflicts = await conflictedFiles(dir);
  await runGit(dir, ['rebase', '--abort']);
  throwIfNoIdentity(result);
  throw conflicts.length > 0 ? conflictError(names, conflicts) : gitFailure(args, result);
}

export async function conflictedFiles(dir: string): Promise<string[]> {
  const out = await gitOut(dir, ['diff', '--name-only', '--diff-filter=U', '-z']);
  return [...new Set(splitNul(out))];
}

function conflictError(
  names: { branch: string; baseBranch: string },
  files: readonly string[],
): GroveError {
  return new GroveError(
    'merge-conflict',
    `"${names.branch}" and "${names.baseBranch}" conflict in ${files.join(', ')}. Nothing was changed; update the worktree from "${names.baseBranch}" and resolve the conflicts there, then merge again.`,
    undefined,
    files,
  );
}
