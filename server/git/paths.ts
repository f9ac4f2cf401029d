import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { GroveError } from '../errors.js';

/**
 * Check that each path names something inside the worktree and return it relative to the top,
 * with `/` separators as git writes them. Absolute paths, `..` that climb out, `.git` itself and
 * paths through a symlink that points outside are refused with a 400 naming `field`.
 */
export async function worktreePaths(
  root: string,
  paths: readonly string[],
  field = 'paths',
): Promise<string[]> {
  const realRoot = await realpath(root);
  const checked: string[] = [];
  for (const given of paths) {
    const refuse = (why: string) =>
      new GroveError('invalid-request', `${field}: "${given}" ${why}.`, field);
    if (given.includes('\0')) throw refuse('contains a NUL byte');
    if (path.isAbsolute(given) || /^[A-Za-z]:/.test(given)) {
      throw refuse('must be relative to the worktree');
    }
    const resolved = path.resolve(root, given);
    const relative = path.relative(root, resolved);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw refuse('is outside the worktree');
    }
    const parts = relative.split(path.sep);
    if (parts[0] === '.git') throw refuse("is inside git's own folder");
    if (!(await staysInside(realRoot, path.dirname(resolved)))) {
      throw refuse('leads outside the worktree through a symbolic link');
    }
    checked.push(parts.join('/'));
  }
  return checked;
}

/** Whether the nearest existing ancestor of `dir`, with links resolved, is inside `realRoot`. */
async function staysInside(realRoot: string, dir: string): Promise<boolean> {
  let current = dir;
  for (;;) {
    const real = await realpath(current).catch(() => null);
    if (real !== null) {
      const relative = path.relative(realRoot, real);
      return !relative.startsWith('..') && !path.isAbsolute(relative);
    }
    const parent = path.dirname(current);
    if (parent === current) return false;
    current = parent;
  }
}
