import { open } from 'node:fs/promises';
import path from 'node:path';
import type { FileChangeStatus } from '../contract/index.js';
import { splitNul } from './run.js';

export interface LineCounts {
  path: string;
  old_path: string | null;
  additions: number;
  deletions: number;
  binary: boolean;
}

/** `git diff --numstat -z -M`: `A\tD\tpath\0`, or `A\tD\t\0old\0new\0` for a rename. */
export function parseNumstat(output: string): LineCounts[] {
  const parts = splitNul(output);
  const counts: LineCounts[] = [];
  for (let index = 0; index < parts.length; index++) {
    const [added = '', deleted = '', name = ''] = (parts[index] ?? '').split('\t');
    const binary = added === '-' && deleted === '-';
    const numbers = { additions: Number(added) || 0, deletions: Number(deleted) || 0, binary };
    if (name === '') {
      const oldPath = parts[++index] ?? '';
      const newPath = parts[++index] ?? '';
      counts.push({ path: newPath, old_path: oldPath, ...numbers });
    } else {
      counts.push({ path: name, old_path: null, ...numbers });
    }
  }
  return counts;
}

export interface NameStatus {
  path: string;
  old_path: string | null;
  status: FileChangeStatus;
}

/** `git diff --name-status -z -M`: `M\0path\0`, or `R100\0old\0new\0`. */
export function parseNameStatus(output: string): NameStatus[] {
  const parts = splitNul(output);
  const entries: NameStatus[] = [];
  for (let index = 0; index < parts.length; index++) {
    const letter = (parts[index] ?? '').charAt(0);
    if (letter === 'R' || letter === 'C') {
      const oldPath = parts[++index] ?? '';
      const newPath = parts[++index] ?? '';
      entries.push({
        path: newPath,
        old_path: letter === 'R' ? oldPath : null,
        status: letter === 'R' ? 'renamed' : 'added',
      });
      continue;
    }
    entries.push({ path: parts[++index] ?? '', old_path: null, status: statusOfLetter(letter) });
  }
  return entries;
}

function statusOfLetter(letter: string): FileChangeStatus {
  switch (letter) {
    case 'A':
      return 'added';
    case 'D':
      return 'deleted';
    case 'U':
      return 'conflicted';
    default:
      return 'modified';
  }
}

/** Files bigger than this are not read to count their lines. */
const COUNT_LIMIT_BYTES = 16 * 1024 * 1024;

/** Lines of an untracked file, all of them additions; binary when a NUL shows up early. */
export async function countFileLines(
  root: string,
  relative: string,
): Promise<{ additions: number; binary: boolean; bytes: number }> {
  const handle = await open(path.join(root, relative), 'r').catch(() => null);
  if (!handle) return { additions: 0, binary: false, bytes: 0 };
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { additions: 0, binary: false, bytes: 0 };
    if (info.size > COUNT_LIMIT_BYTES) return { additions: 0, binary: false, bytes: info.size };
    const data = await handle.readFile();
    if (data.subarray(0, 8000).includes(0))
      return { additions: 0, binary: true, bytes: data.length };
    let lines = 0;
    for (const byte of data) if (byte === 10) lines++;
    if (data.length > 0 && data[data.length - 1] !== 10) lines++;
    return { additions: lines, binary: false, bytes: data.length };
  } finally {
    await handle.close();
  }
}
