import { readdir, readFile } from 'node:fs/promises';
import type { ProcessRef } from '../chat/process-tree.js';

/**
 * Every live process in the session led by `leader` (Linux). A PTY's shell leads its own session,
 * and what runs in the terminal stays in it, even a background job the shell handed to init
 * (`nohup cmd &`, `cmd & disown`). Only a process that calls setsid itself leaves; the parentage
 * snapshots catch those. Elsewhere this finds nothing and parentage alone is used.
 */
export async function sessionMembers(leader: number): Promise<ProcessRef[]> {
  if (process.platform !== 'linux') return [];
  const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name));
  const members = await Promise.all(
    pids.map(async (pid): Promise<ProcessRef | null> => {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
      if (stat === null) return null;
      // Fields after the command name (which may hold spaces): state ppid pgrp session … start.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || Number(fields[3]) !== leader) return null;
      return { pid: Number(pid), start: fields[19] ?? null };
    }),
  );
  return members.filter((ref): ref is ProcessRef => ref !== null);
}
