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
  /** One letter, as in `ps`: 'Z' is a zombie, already dead and only waiting to be reaped. */
  state: string;
}

const isLinux = process.platform === 'linux';

/**
 * Every live descendant of the `roots`. Agent CLIs start their tools in sessions of their own, so
 * signalling the CLI's process group does not reach them; Grove finds them by parentage instead.
 */
export async function descendantsOf(...roots: number[]): Promise<ProcessRef[]> {
  const entries = isLinux ? await entriesFromProc() : await entriesFromPs();
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of entries)
    children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry]);
  const found: ProcessRef[] = [];
  const pending = [...roots];
  while (pending.length > 0) {
    for (const child of children.get(pending.pop() as number) ?? []) {
      // A zombie has ended already (and handed its own children to another parent).
      if (child.state === 'Z') continue;
      found.push({ pid: child.pid, start: child.start });
      pending.push(child.pid);
    }
  }
  return found;
}

/** The process now running as `pid`; its start is null off Linux or when it already ended. */
export function processRef(pid: number): ProcessRef {
  return { pid, start: isLinux ? (readEntry(pid)?.start ?? null) : null };
}

/** True when `ref` still names the process it was taken from, and that process is not a zombie. */
export function isStillRunning(ref: ProcessRef): boolean {
  if (ref.start === null) return true;
  const entry = readEntry(ref.pid);
  return entry !== null && entry.start === ref.start && entry.state !== 'Z';
}

/** Changes at every boot (Linux); start times only name a process within one boot. */
export function bootId(): string | null {
  if (!isLinux) return null;
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

function readEntry(pid: number): ProcessEntry | null {
  try {
    return parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
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
  const [state, ppid, start] = [fields[0], fields[1], fields[19]];
  if (state === undefined || ppid === undefined) return null;
  return { pid, ppid: Number(ppid), state, start: start ?? null };
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
            return { pid, ppid, state: '?', start: null };
          }),
      );
    });
  });
}
