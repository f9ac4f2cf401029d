import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The environment without variables that would point git at another repository (hooks set them). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^GIT_(DIR|WORK_TREE|INDEX_FILE|COMMON_DIR|OBJECT_DIRECTORY|PREFIX)$/.test(name))
      delete env[name];
  }
  return env;
}

/** Run git synchronously in `dir` and return its trimmed output (test set-up and checks only). */
export function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: cleanEnv() }).trim();
}

/** Like gitIn, with `input` on git's stdin. */
export function gitWithInput(dir: string, input: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: cleanEnv(),
    input,
  }).trim();
}

/** Commit a file in `dir` with the test identity. */
export function commitFile(
  dir: string,
  name: string,
  contents: string,
  message = `add ${name}`,
): string {
  writeFileSync(path.join(dir, name), contents);
  gitIn(dir, 'add', name);
  gitIn(
    dir,
    '-c',
    'user.email=test@example.com',
    '-c',
    'user.name=Grove Test',
    'commit',
    '-q',
    '-m',
    message,
  );
  return gitIn(dir, 'rev-parse', 'HEAD');
}

/** The worktree paths `git worktree list` reports for a repository. */
export function worktreePaths(repo: string): string[] {
  return gitIn(repo, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));
}

export function branchExistsIn(repo: string, branch: string): boolean {
  try {
    gitIn(repo, 'show-ref', '--verify', '--quiet', `refs/heads/${branch}`);
    return true;
  } catch {
    return false;
  }
}

/** The catalog file's bytes: the store's whole state for projects and worktrees. */
export function catalogBytes(dataDir: string): Promise<string> {
  return readFile(path.join(dataDir, 'catalog.json'), 'utf8').catch(() => '<none>');
}
