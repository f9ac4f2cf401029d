import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const ownCommand = readFileSync('/proc/self/cmdline', 'utf8').replace(/\0/g, ' ').trim();

/**
 * Every live process whose working directory is `dir` (Linux /proc), but those that are no agent
 * left behind:
 * - Grove's own git reads: a server in this process (the git status watcher, the review service)
 *   runs `git` in worktrees at any moment;
 * - a child forked but not yet exec'd, which still shows its parent's command line (an agent
 *   spawning a `git` of its own): its parent is listed already, and it becomes something else;
 * - a process exiting: once it has given back its memory its command line reads empty, a moment
 *   before it is a zombie.
 */
export function processesIn(dir: string): { pid: number; command: string }[] {
  const found: { pid: number; parent: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) !== dir) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (/^State:\s+Z/m.test(status)) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (command === '') continue;
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      if (parent === process.pid && /^git /.test(command)) continue;
      found.push({ pid, parent, command });
    } catch {
      // Ended while we looked.
    }
  }
  const commands = new Map(found.map((item) => [item.pid, item.command]));
  // This process's own children too (a server in it spawning `git`): its cwd is elsewhere.
  commands.set(process.pid, ownCommand);
  return found
    .filter((item) => commands.get(item.parent) !== item.command)
    .map(({ pid, command }) => ({ pid, command }));
}

/**
 * The processes in `dir` that were not in `before`: what a turn left behind, beside the agents
 * other sessions keep warm there between turns.
 */
function processesAddedIn(
  dir: string,
  before: readonly { pid: number }[],
): { pid: number; command: string }[] {
  const known = new Set(before.map((item) => item.pid));
  return processesIn(dir).filter((item) => !known.has(item.pid));
}

/**
 * Resolves once no process in `dir` is new since `before`; fails naming those that stay. A CLI's
 * own short housekeeping may still be ending as its run ends (OpenCode's snapshot `git` after an
 * abort), and a process killed a moment ago may not be gone yet; an agent left behind stays.
 */
export async function nothingAddedIn(
  dir: string,
  before: readonly { pid: number }[],
  { gitMs = 10_000, otherMs = 2_000 } = {},
): Promise<void> {
  const started = Date.now();
  for (;;) {
    const waited = Date.now() - started;
    const added = processesAddedIn(dir, before);
    if (added.length === 0) return;
    // A killed process may take a moment to go; only git housekeeping may take longer.
    const stayed = added.filter((item) => waited > (/^git /.test(item.command) ? gitMs : otherMs));
    if (stayed.length > 0) throw new Error(`left in ${dir}: ${JSON.stringify(stayed)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Poll `condition` until it holds (it reads state nothing announces, like /proc). */
export async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `until` for a condition only a request or a file read can tell (nothing announces it). */
export async function untilAsync(
  condition: () => Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
