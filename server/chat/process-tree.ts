import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';

/** A process as first seen: its start time (Linux) guards against signalling a reused pid. */
export interface ProcessRef {
  pid: number;
  start: string | null;
}

interface ProcessEntry extends ProcessRef {
  ppid: number;
}

/**
 * Every live descendant of `root`. Agent CLIs start their tools in sessions of their own, so
 * signalling the CLI's process group does not reach them; Grove finds them by parentage instead.
 */
export async function descendantsOf(root: number): Promise<ProcessRef[]> {
  const entries = process.platform === 'linux' ? await entriesFromProc() : await entriesFromPs();
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of entries)
    children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry]);
  const found: ProcessRef[] = [];
  const pending = [root];
  while (pending.length > 0) {
    for (const child of children.get(pending.pop() as number) ?? []) {
      found.push({ pid: child.pid, start: child.start });
      pending.push(child.pid);
    }
  }
  return found;
}

/** True when `ref` still names the process it was taken from. */
export function isStillRunning(ref: ProcessRef): boolean {
  if (ref.start === null) return true;
  try {
    return parseStat(ref.pid, readFileSync(`/proc/${ref.pid}/stat`, 'utf8'))?.start === ref.start;
  } catch {
    return false;
  }
}

async function entriesFromProc(): Promise<ProcessEntry[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  const entries = await Promise.all(
    pids.map(async (pid) => {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
      return stat === null ? null : parseStat(Number(pid), stat);
    }),
  );
  return entries.filter((entry): entry is ProcessEntry => entry !== null);
}

function parseStat(pid: number, stat: string): ProcessEntry | null {
  // The command name is in parentheses and may contain spaces; fields follow the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [ppid, start] = [fields[1], fields[19]];
  return ppid === undefined ? null : { pid, ppid: Number(ppid), start: start ?? null };
}

function entriesFromPs(): Promise<ProcessEntry[]> {
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid='], (error, stdout) => {
      if (error) {
        resolve([]);
        return;
      }
      resolve(
        stdout
          .trim()
          .split('\n')
          .map((line) => {
            const [pid = 0, ppid = 0] = line.trim().split(/\s+/).map(Number);
            return { pid, ppid, start: null };
          }),
      );
    });
  });
}
