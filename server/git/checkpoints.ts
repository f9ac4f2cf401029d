import { randomUUID } from 'node:crypto';
import { copyFile, rm, rmdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gitOut, runGit, splitNul } from './run.js';

/** Grove's refs for checkpoints; one folder of refs per session. */
export const CHECKPOINT_REFS = 'refs/grove/checkpoints';

/** Checkpoint commits are Grove's, whoever the user is (and whether git knows who they are). */
const IDENTITY = {
  GIT_AUTHOR_NAME: 'Grove',
  GIT_AUTHOR_EMAIL: 'grove@localhost',
  GIT_COMMITTER_NAME: 'Grove',
  GIT_COMMITTER_EMAIL: 'grove@localhost',
};

/**
 * Run `task` with a private copy of the worktree's index in GIT_INDEX_FILE, so `git add` can
 * stage everything without touching what the user staged (the copy only saves re-hashing).
 */
async function withTemporaryIndex<R>(
  dir: string,
  task: (env: Record<string, string>) => Promise<R>,
): Promise<R> {
  const indexFile = path.join(os.tmpdir(), `grove-index-${randomUUID()}`);
  const realIndex = path.resolve(
    dir,
    (await gitOut(dir, ['rev-parse', '--git-path', 'index'])).trim(),
  );
  await copyFile(realIndex, indexFile).catch(() => undefined);
  try {
    return await task({ GIT_INDEX_FILE: indexFile });
  } finally {
    await rm(indexFile, { force: true });
  }
}

/** The tree of the work tree as it is: tracked and untracked files, .gitignore respected. */
export function workTreeTree(dir: string): Promise<string> {
  return withTemporaryIndex(dir, async (env) => {
    await gitOut(dir, ['add', '--all', '--', '.'], { env });
    return (await gitOut(dir, ['write-tree'], { env })).trim();
  });
}

/** A commit of the work tree (parent: HEAD, when there is one), kept under `ref`. */
export async function saveCheckpoint(dir: string, ref: string, message: string): Promise<string> {
  const tree = await workTreeTree(dir);
  const head = await runGit(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  const parent = head.code === 0 ? ['-p', head.stdout.trim()] : [];
  const commit = (
    await gitOut(dir, ['commit-tree', tree, ...parent, '-F', '-'], {
      input: message,
      env: IDENTITY,
    })
  ).trim();
  await gitOut(dir, ['update-ref', ref, commit]);
  return commit;
}

/** Each ref under `prefix` with the commit it points at. */
export async function listRefs(dir: string, prefix: string): Promise<Map<string, string>> {
  const out = await gitOut(dir, ['for-each-ref', '--format=%(refname) %(objectname)', prefix]);
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [name, sha] = line.split(' ');
    if (name && sha) refs.set(name, sha);
  }
  return refs;
}

/** Point each new ref at a commit, in one transaction. */
export async function createRefs(dir: string, refs: ReadonlyMap<string, string>): Promise<void> {
  const input = [...refs].map(([ref, commit]) => `create ${ref} ${commit}\n`).join('');
  if (input) await gitOut(dir, ['update-ref', '--stdin'], { input });
}

export async function deleteRefs(dir: string, refs: Iterable<string>): Promise<void> {
  const input = [...refs].map((ref) => `delete ${ref}\n`).join('');
  if (input) await gitOut(dir, ['update-ref', '--stdin'], { input });
}

/** Paths that differ between two trees (or commits), as git names them; no rename pairing. */
export async function changedPaths(dir: string, from: string, to: string): Promise<Set<string>> {
  const out = await gitOut(dir, ['diff', '--name-only', '-z', '--no-renames', from, to, '--']);
  return new Set(splitNul(out));
}

/**
 * Make the work tree's files what they were in `target`: files that differ are written from
 * it, files it did not have are deleted. The user's index is left alone (a temporary one is read
 * from `target`), so what they had staged stays staged. Answers the paths it changed.
 */
export async function restoreWorkTree(dir: string, target: string): Promise<string[]> {
  const current = await workTreeTree(dir);
  const status = splitNul(
    await gitOut(dir, ['diff', '--name-status', '-z', '--no-renames', current, target, '--']),
  );
  const write: string[] = [];
  const remove: string[] = [];
  for (let i = 0; i + 1 < status.length; i += 2) {
    const file = status[i + 1] as string;
    (status[i] === 'D' ? remove : write).push(file);
  }
  // Deletions first: a file that became a folder (or back) needs the old one gone.
  for (const file of remove) await removeWithEmptyParents(dir, file);
  if (write.length > 0) {
    await withTemporaryIndex(dir, async (env) => {
      await gitOut(dir, ['read-tree', target], { env });
      await gitOut(dir, ['checkout-index', '--force', '-z', '--stdin'], {
        env,
        input: write.map((file) => `${file}\0`).join(''),
      });
    });
  }
  return [...write, ...remove].sort();
}

async function removeWithEmptyParents(dir: string, file: string): Promise<void> {
  await rm(path.join(dir, file), { force: true });
  let parent = path.dirname(file);
  while (parent !== '.' && parent !== '') {
    // Fails on a folder that still holds something: then its parents do too.
    if (
      !(await rmdir(path.join(dir, parent)).then(
        () => true,
        () => false,
      ))
    )
      return;
    parent = path.dirname(parent);
  }
}
