import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ChangedFile, FileChangeStatus, WorktreeGitStatus } from '../contract/index.js';
import { countFileLines, parseNumstat, type LineCounts } from './numstat.js';
import { gitOut, runGit, splitNul } from './run.js';

interface PorcelainEntry {
  path: string;
  old_path: string | null;
  status: FileChangeStatus;
  staged: boolean;
}

interface BranchHeaders {
  head: string | null;
  branch: string | null;
  upstream: string | null;
  unpushed: number | null;
}

/** The worktree's full git status: branch, counts against base and upstream, changed files. */
export async function readStatus(
  dir: string,
  baseBranch: string | null,
): Promise<WorktreeGitStatus> {
  const porcelain = await gitOut(dir, [
    'status',
    '--porcelain=v2',
    '-z',
    '--branch',
    '--untracked-files=all',
    '--renames',
  ]);
  const { headers, entries } = parsePorcelain(porcelain);
  const [counts, aheadBehind, operation] = await Promise.all([
    headers.head ? diffCounts(dir, ['HEAD']) : Promise.resolve(new Map<string, LineCounts>()),
    countAgainstBase(dir, baseBranch),
    operationInProgress(dir),
  ]);
  const files = await Promise.all(
    entries.map(async (entry): Promise<ChangedFile> => {
      if (entry.status === 'untracked') {
        const lines = await countFileLines(dir, entry.path);
        return { ...entry, additions: lines.additions, deletions: 0, binary: lines.binary };
      }
      const known = counts.get(entry.path);
      return {
        ...entry,
        additions: known?.additions ?? 0,
        deletions: known?.deletions ?? 0,
        binary: known?.binary ?? false,
      };
    }),
  );
  return {
    branch: headers.branch,
    base_branch: baseBranch,
    head: headers.head,
    ...aheadBehind,
    upstream: headers.upstream,
    unpushed: headers.unpushed,
    operation,
    conflicts: files.filter((file) => file.status === 'conflicted').map((file) => file.path),
    files,
  };
}

/** Line counts per path of `git diff <args>` (with rename detection). */
export async function diffCounts(
  dir: string,
  args: readonly string[],
): Promise<Map<string, LineCounts>> {
  const out = await gitOut(dir, ['diff', '--numstat', '-z', '-M', '--no-ext-diff', ...args, '--']);
  return new Map(parseNumstat(out).map((entry) => [entry.path, entry]));
}

function parsePorcelain(output: string): { headers: BranchHeaders; entries: PorcelainEntry[] } {
  const headers: BranchHeaders = { head: null, branch: null, upstream: null, unpushed: null };
  const entries: PorcelainEntry[] = [];
  const parts = splitNul(output);
  for (let index = 0; index < parts.length; index++) {
    const line = parts[index] ?? '';
    if (line.startsWith('# ')) {
      readHeader(line.slice(2), headers);
      continue;
    }
    const kind = line.charAt(0);
    const xy = line.slice(2, 4);
    if (kind === '?') {
      entries.push({ path: line.slice(2), old_path: null, status: 'untracked', staged: false });
    } else if (kind === '1') {
      entries.push({ path: afterFields(line, 8), old_path: null, ...ordinary(xy) });
    } else if (kind === '2') {
      const oldPath = parts[++index] ?? null;
      entries.push({ path: afterFields(line, 9), old_path: oldPath, ...renamed(xy) });
    } else if (kind === 'u') {
      entries.push({
        path: afterFields(line, 10),
        old_path: null,
        status: 'conflicted',
        staged: false,
      });
    }
  }
  return { headers, entries };
}

function readHeader(header: string, into: BranchHeaders): void {
  const [key = '', ...rest] = header.split(' ');
  const value = rest.join(' ');
  if (key === 'branch.oid') into.head = value === '(initial)' ? null : value;
  if (key === 'branch.head') into.branch = value === '(detached)' ? null : value;
  if (key === 'branch.upstream') into.upstream = value;
  if (key === 'branch.ab') into.unpushed = Number(/\+(\d+)/.exec(value)?.[1] ?? 0);
}

/** The text after the first `count` space-separated fields: the path, which may hold spaces. */
function afterFields(line: string, count: number): string {
  let at = 0;
  for (let field = 0; field < count; field++) at = line.indexOf(' ', at) + 1;
  return line.slice(at);
}

function ordinary(xy: string): { status: FileChangeStatus; staged: boolean } {
  const staged = xy.charAt(0) !== '.';
  if (xy.includes('D')) return { status: 'deleted', staged };
  if (xy.charAt(0) === 'A') return { status: 'added', staged };
  return { status: 'modified', staged };
}

function renamed(xy: string): { status: FileChangeStatus; staged: boolean } {
  return { status: 'renamed', staged: xy.charAt(0) !== '.' };
}

async function countAgainstBase(
  dir: string,
  baseBranch: string | null,
): Promise<{ ahead: number; behind: number }> {
  if (!baseBranch) return { ahead: 0, behind: 0 };
  const result = await runGit(dir, [
    'rev-list',
    '--left-right',
    '--count',
    `${baseBranch}...HEAD`,
    '--',
  ]);
  if (result.code !== 0) return { ahead: 0, behind: 0 };
  const [behind = 0, ahead = 0] = result.stdout.trim().split(/\s+/).map(Number);
  return { ahead, behind };
}

/** `merge` or `rebase` while one is stopped half-way (a conflict), else null. */
export async function operationInProgress(dir: string): Promise<'merge' | 'rebase' | null> {
  const out = await gitOut(dir, [
    'rev-parse',
    '--git-path',
    'MERGE_HEAD',
    '--git-path',
    'rebase-merge',
    '--git-path',
    'rebase-apply',
  ]);
  const [mergeHead = '', rebaseMerge = '', rebaseApply = ''] = out.split('\n');
  const exists = (file: string) => file !== '' && existsSync(path.resolve(dir, file));
  if (exists(rebaseMerge) || exists(rebaseApply)) return 'rebase';
  if (exists(mergeHead)) return 'merge';
  return null;
}
