import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FolderEntry, FolderListing } from '../contract/index.js';
import { GroveError } from '../errors.js';
import { expandHome } from '../paths.js';

/** How many sub-folders a listing returns at most: completion needs the first few, not all. */
const MAX_FOLDERS = 500;

/**
 * Lists folders under the user's home for the add-project path completion. It never leaves the
 * home folder (symlinks resolved first), so the token alone does not open the whole disk.
 */
export class FoldersService {
  constructor(private readonly home: string) {}

  async list(requested: string | undefined): Promise<FolderListing> {
    const home = await realpath(this.home);
    const wanted = path.resolve(expandHome(requested ?? home, home));
    const dir = await realpath(wanted).catch(() => {
      throw new GroveError('folder-not-found', `${wanted} was not found.`, 'path');
    });
    if (!isInside(home, dir)) {
      throw new GroveError('outside-home', `${wanted} is outside the home folder ${home}.`, 'path');
    }
    if (!(await stat(dir)).isDirectory()) {
      throw new GroveError('folder-not-found', `${wanted} is not a folder.`, 'path');
    }
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const names = entries
      .filter((entry) => !entry.name.startsWith('.') && isFolderLike(entry))
      .map((entry) => entry.name)
      .sort((a, b) => a.localeCompare(b))
      .slice(0, MAX_FOLDERS);
    const folders = (await Promise.all(names.map((name) => describe(home, dir, name)))).filter(
      (entry): entry is FolderEntry => entry !== null,
    );
    return { path: dir, parent: dir === home ? null : path.dirname(dir), home, folders };
  }
}

function isInside(home: string, dir: string): boolean {
  const relative = path.relative(home, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function isFolderLike(entry: { isDirectory(): boolean; isSymbolicLink(): boolean }): boolean {
  return entry.isDirectory() || entry.isSymbolicLink();
}

/**
 * The entry when it is (or links to) a folder inside the home; `git` when it holds a `.git`
 * folder or file. A link out of the home is left out: listing it would only be refused.
 */
async function describe(home: string, dir: string, name: string): Promise<FolderEntry | null> {
  const full = path.join(dir, name);
  const info = await stat(full).catch(() => null);
  if (!info?.isDirectory()) return null;
  const target = await realpath(full).catch(() => null);
  if (!target || !isInside(home, target)) return null;
  const dotGit = await stat(path.join(full, '.git')).catch(() => null);
  return { name, path: full, git: dotGit !== null };
}
