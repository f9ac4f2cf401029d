import { readdirSync, readFileSync } from 'node:fs';
import { descendantsOf, type ProcessRef } from '../chat/process-tree.js';

export interface ProcessEntry extends ProcessRef {
  ppid: number;
  /** The session id: a PTY's shell leads a session of its own. */
  sid: number;
}

/**
 * One look at every process (Linux /proc, read synchronously: one file open at a time, however
 * many terminals ask), or null elsewhere.
 */
export function readProcessTable(): ProcessEntry[] | null {
  if (process.platform !== 'linux') return null;
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // Ended while we looked.
    }
    // Fields after the command name (which may hold spaces): state ppid pgrp session … start.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // A zombie has ended already, and handed its children to another parent.
    if (fields[0] === 'Z') continue;
    entries.push({
      pid: Number(name),
      ppid: Number(fields[1]),
      sid: Number(fields[3]),
      start: fields[19] ?? null,
    });
  }
  return entries;
}

/** Set in every terminal's environment, and so inherited by everything started in it. */
export const TERMINAL_MARKER = 'GROVE_TERMINAL_ID';
/** The marker each process carries (null: none), by `pid:start`; read once per process. */
const markers = new Map<string, string | null>();

function markerOf(entry: ProcessEntry): string | null {
  const key = `${entry.pid}:${entry.start}`;
  let marker = markers.get(key);
  if (marker === undefined) {
    marker = null;
    try {
      const environ = readFileSync(`/proc/${entry.pid}/environ`, 'utf8');
      const prefix = `${TERMINAL_MARKER}=`;
      const found = environ.split('\0').find((item) => item.startsWith(prefix));
      marker = found === undefined ? null : found.slice(prefix.length);
    } catch {
      // Ended, or not ours to read.
    }
    markers.set(key, marker);
  }
  return marker;
}

/** Forget the markers of processes that ended, so the cache stays as big as the table. */
function pruneMarkers(table: readonly ProcessEntry[]): void {
  const live = new Set(table.map((entry) => `${entry.pid}:${entry.start}`));
  for (const key of markers.keys()) if (!live.has(key)) markers.delete(key);
}

/**
 * What belongs to a terminal: every process in the session its shell leads (jobs the shell handed
 * to init with `nohup` or `disown` stay in it), every process carrying its marker (a daemon that
 * left the session with setsid keeps its environment), and every descendant of those and `roots`.
 */
export async function terminalMembers(
  terminalId: string,
  leader: number,
  roots: readonly number[],
  table: readonly ProcessEntry[] | null = readProcessTable(),
): Promise<ProcessRef[]> {
  if (table === null) return descendantsOf(...roots).catch(() => []);
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of table) children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry]);
  const found = new Map<number, ProcessRef>();
  for (const entry of table) {
    if (entry.sid === leader || markerOf(entry) === terminalId) found.set(entry.pid, entry);
  }
  const pending = [...roots, ...found.keys()];
  while (pending.length > 0) {
    for (const child of children.get(pending.pop() as number) ?? []) {
      if (found.has(child.pid)) continue;
      found.set(child.pid, child);
      pending.push(child.pid);
    }
  }
  return [...found.values()].map(({ pid, start }) => ({ pid, start }));
}

const SNAPSHOT_MS = 1_000;
const watchers = new Set<(table: readonly ProcessEntry[] | null) => void>();
let ticker: NodeJS.Timeout | null = null;

/**
 * Be handed the process table every second: one read of it for every terminal there is. Returns
 * the call that stops watching.
 */
export function watchProcessTable(
  listener: (table: readonly ProcessEntry[] | null) => void,
): () => void {
  watchers.add(listener);
  ticker ??= setInterval(() => {
    const table = readProcessTable();
    if (table) pruneMarkers(table);
    for (const watcher of watchers) watcher(table);
  }, SNAPSHOT_MS).unref();
  return () => {
    watchers.delete(listener);
    if (watchers.size > 0 || ticker === null) return;
    clearInterval(ticker);
    ticker = null;
  };
}
