import { gitOut, splitNul } from './run.js';

/**
 * Every file a person would call part of the worktree: tracked ones and untracked ones that
 * .gitignore (and .git/info/exclude, the global excludes) does not hide. Sorted, no repeats.
 */
export async function listWorktreeFiles(dir: string): Promise<string[]> {
  const out = await gitOut(dir, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  return [...new Set(splitNul(out))].sort();
}
