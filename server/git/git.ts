import { execFile } from 'node:child_process';
import { GroveError, hasErrorCode } from '../errors.js';

const GIT_TIMEOUT_MS = 30_000;

/**
 * Run git with an argument array (never a shell) and a timeout. Failures become GroveErrors that
 * carry git's own words, so the user sees what git said.
 */
export function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
        env: gitEnv(),
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !stderr) {
          reject(
            new GroveError(
              'git-not-found',
              'git was not found on PATH (or the folder does not exist).',
            ),
          );
          return;
        }
        const said = (stderr || error.message).trim().split('\n').slice(-3).join(' ');
        reject(new GroveError('git-failed', `git ${args[0] ?? ''} failed: ${said}`));
      },
    );
  });
}

/**
 * Variables that would point git at another repository than the folder we run it in. They are
 * set, for example, when Grove is started from inside a git hook.
 */
const REPO_OVERRIDES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
];

export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REPO_OVERRIDES) delete env[name];
  // Never wait on a credential or editor prompt that nobody will answer.
  return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true' };
}

/** The top level of the work tree containing `dir`, or null when it is not inside one. */
export async function repositoryRoot(dir: string): Promise<string | null> {
  try {
    const top = (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
    return top || null;
  } catch (error) {
    if (hasErrorCode(error, 'git-not-found')) {
      const missing = await folderMissing(dir);
      if (missing) return null;
      throw error;
    }
    return null;
  }
}

async function folderMissing(dir: string): Promise<boolean> {
  const { stat } = await import('node:fs/promises');
  return stat(dir).then(
    (info) => !info.isDirectory(),
    () => true,
  );
}

/** The checked-out branch (also before the first commit), or the short commit when detached. */
export async function currentBranch(dir: string): Promise<string> {
  try {
    const name = (await git(dir, ['symbolic-ref', '--short', '-q', 'HEAD'])).trim();
    if (name) return name;
  } catch (error) {
    // symbolic-ref exits 1 on a detached HEAD; anything else is a real failure.
    if (hasErrorCode(error, 'git-not-found')) throw error;
  }
  return (await git(dir, ['rev-parse', '--short', 'HEAD'])).trim();
}

/** Every local branch name. */
export async function localBranches(dir: string): Promise<Set<string>> {
  const out = await git(dir, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/']);
  return new Set(out.split('\n').filter(Boolean));
}

/** Whether git itself accepts `name` as a new branch name (its rules are subtler than ours). */
export async function isValidBranchName(dir: string, name: string): Promise<boolean> {
  return git(dir, ['check-ref-format', '--branch', name]).then(
    () => true,
    () => false,
  );
}

/** Whether `rev` names a commit in the repository at `dir`. */
export async function resolvesToCommit(dir: string, rev: string): Promise<boolean> {
  return git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).then(
    () => true,
    () => false,
  );
}

export async function branchExists(dir: string, branch: string): Promise<boolean> {
  try {
    await git(dir, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`]);
    return true;
  } catch {
    return false;
  }
}

export async function hasUncommittedChanges(dir: string): Promise<boolean> {
  return (await git(dir, ['status', '--porcelain', '--untracked-files=normal'])).trim() !== '';
}

/** Commits the worktree's HEAD is ahead of and behind `base`; zeros when base is unknown. */
export async function aheadBehind(
  dir: string,
  base: string | null,
): Promise<{ ahead: number; behind: number }> {
  if (!base) return { ahead: 0, behind: 0 };
  try {
    const out = await git(dir, ['rev-list', '--left-right', '--count', `${base}...HEAD`, '--']);
    const [behind = 0, ahead = 0] = out.trim().split(/\s+/).map(Number);
    return { ahead, behind };
  } catch {
    return { ahead: 0, behind: 0 };
  }
}
