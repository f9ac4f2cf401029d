import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A real git repository with one commit on `main`. */
export async function makeRepo(parent: string, name = 'repo'): Promise<string> {
  const dir = path.join(parent, name);
  await mkdir(dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { stdio: 'pipe' });
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'Grove Test');
  git('config', 'commit.gpgsign', 'false');
  await writeFile(path.join(dir, 'README.md'), '# demo\n\nA small repository for Grove tests.\n');
  await writeFile(path.join(dir, 'hello.txt'), 'hello from the worktree\n');
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  return dir;
}
