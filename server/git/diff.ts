import type { DiffScope, FileDiff, WorktreeDiff } from '../contract/index.js';
import { GroveError } from '../errors.js';
import { countFileLines, parseNameStatus, parseNumstat } from './numstat.js';
import { gitOut, runGit, splitNul } from './run.js';

/** Above these a file's patch is left out unless the caller asks for that one file. */
export const MAX_PATCH_BYTES = 1024 * 1024;
export const MAX_PATCH_LINES = 20_000;

export interface DiffRequest {
  scope: DiffScope;
  baseBranch: string | null;
  commit?: string | undefined;
  /** One file (already checked to be inside the worktree). */
  path?: string | undefined;
}

/** The changes of one scope, one entry per file, each with git's own unified diff. */
export async function readDiff(dir: string, request: DiffRequest): Promise<WorktreeDiff> {
  const files = await rangeDiffs(dir, await rangeOf(dir, request), request.path);
  if (request.scope !== 'commit') files.push(...(await untrackedDiffs(dir, request.path)));
  return { scope: request.scope, files: byPath(files) };
}

/** The changes from one commit to another (checkpoints of the work tree), one entry per file. */
export async function readDiffBetween(dir: string, from: string, to: string): Promise<FileDiff[]> {
  return byPath(await rangeDiffs(dir, [from, to], undefined));
}

function byPath(files: FileDiff[]): FileDiff[] {
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function rangeDiffs(
  dir: string,
  range: readonly string[],
  path: string | undefined,
): Promise<FileDiff[]> {
  const pathspec = path ? ['--', path] : ['--'];
  const common = ['-M', '--no-ext-diff', '--no-color', ...range];
  const [names, numstat, patch] = await Promise.all([
    gitOut(dir, ['diff', '--name-status', '-z', ...common, ...pathspec]),
    gitOut(dir, ['diff', '--numstat', '-z', ...common, ...pathspec]),
    gitOut(dir, ['diff', '--patch', ...common, ...pathspec]),
  ]);
  const entries = parseNameStatus(names);
  const counts = new Map(parseNumstat(numstat).map((entry) => [entry.path, entry]));
  const chunks = splitPatch(patch);
  const explicit = path !== undefined;
  const files: FileDiff[] = await Promise.all(
    entries.map(async (entry, index) => {
      const count = counts.get(entry.path);
      // name-status, numstat and the patch list files in the same order; if git ever disagrees,
      // ask for that one file rather than show another file's patch.
      const chunk =
        chunks.length === entries.length
          ? (chunks[index] ?? '')
          : await gitOut(dir, ['diff', '--patch', ...common, '--', entry.path]);
      return describe(
        { ...entry, additions: count?.additions ?? 0, deletions: count?.deletions ?? 0 },
        count?.binary ?? false,
        chunk,
        explicit,
      );
    }),
  );
  return files;
}

function describe(
  entry: Pick<FileDiff, 'path' | 'old_path' | 'status' | 'additions' | 'deletions'>,
  binary: boolean,
  chunk: string,
  explicit: boolean,
): FileDiff {
  const tooLarge =
    !binary &&
    (Buffer.byteLength(chunk) > MAX_PATCH_BYTES ||
      entry.additions + entry.deletions > MAX_PATCH_LINES);
  const patch = binary || (tooLarge && !explicit) ? null : chunk;
  return { ...entry, binary, too_large: tooLarge, patch };
}

/** The revisions `git diff` compares for a scope; the work tree is the other side if only one. */
async function rangeOf(dir: string, request: DiffRequest): Promise<string[]> {
  if (request.scope === 'uncommitted')
    return (await hasHead(dir)) ? ['HEAD'] : [await emptyTree(dir)];
  if (request.scope === 'branch') {
    if (!request.baseBranch) return ['HEAD'];
    const base = await runGit(dir, ['merge-base', request.baseBranch, 'HEAD']);
    if (base.code !== 0) {
      throw new GroveError(
        'git-failed',
        `This branch shares no history with its base branch "${request.baseBranch}".`,
      );
    }
    return [base.stdout.trim()];
  }
  if (!request.commit) {
    throw new GroveError('invalid-request', 'commit: is required for scope=commit.', 'commit');
  }
  const sha = await runGit(dir, ['rev-parse', '--verify', '--quiet', `${request.commit}^{commit}`]);
  if (sha.code !== 0) {
    throw new GroveError('not-found', `No commit ${request.commit} in this worktree.`);
  }
  const commit = sha.stdout.trim();
  const parent = await runGit(dir, ['rev-parse', '--verify', '--quiet', `${commit}^1`]);
  return [parent.code === 0 ? parent.stdout.trim() : await emptyTree(dir), commit];
}

async function hasHead(dir: string): Promise<boolean> {
  return (await runGit(dir, ['rev-parse', '--verify', '--quiet', 'HEAD'])).code === 0;
}

async function emptyTree(dir: string): Promise<string> {
  return (await gitOut(dir, ['hash-object', '-t', 'tree', '--stdin'])).trim();
}

/** Split a multi-file patch at each `diff --git` header. */
export function splitPatch(patch: string): string[] {
  if (!patch) return [];
  return patch.split(/^(?=diff --git )/m).filter((chunk) => chunk.startsWith('diff --git '));
}

/** Untracked files as additions, each with the patch `git diff --no-index` writes for it. */
async function untrackedDiffs(dir: string, only: string | undefined): Promise<FileDiff[]> {
  const listed = splitNul(
    await gitOut(dir, [
      'ls-files',
      '--others',
      '--exclude-standard',
      '-z',
      '--',
      ...(only ? [only] : []),
    ]),
  );
  return Promise.all(
    listed.map(async (file): Promise<FileDiff> => {
      const lines = await countFileLines(dir, file);
      const base = { path: file, old_path: null, status: 'untracked' as const, deletions: 0 };
      const tooLarge =
        !lines.binary && (lines.bytes > MAX_PATCH_BYTES || lines.additions > MAX_PATCH_LINES);
      if (lines.binary || (tooLarge && only === undefined)) {
        return {
          ...base,
          additions: lines.additions,
          binary: lines.binary,
          too_large: tooLarge,
          patch: null,
        };
      }
      // Exit code 1 means "they differ", which a new file always does.
      const result = await runGit(dir, [
        'diff',
        '--no-index',
        '--no-color',
        '--',
        '/dev/null',
        file,
      ]);
      if (result.code > 1) throw new GroveError('git-failed', `git diff failed on ${file}.`);
      return {
        ...base,
        additions: lines.additions,
        binary: false,
        too_large: tooLarge,
        patch: result.stdout,
      };
    }),
  );
}
