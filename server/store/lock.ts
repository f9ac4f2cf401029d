import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isCode } from './durable-file.js';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

/** Lock files this process holds: its own pid in a lock file is only stale if it is not here. */
const heldHere = new Set<string>();

/**
 * Make this process the only owner of a data dir. A lock left by a process that no longer runs
 * (or by an earlier life of this pid, common in containers) is taken over, so a crash never
 * locks the user out.
 */
export async function acquireDataDirLock(dataDir: string): Promise<() => Promise<void>> {
  // Keyed by the real path so the same folder reached through a symlink is still one lock.
  const lockFile = path.join(await fs.realpath(dataDir), 'grove.lock');
  if (heldHere.has(lockFile)) throw lockedBy(process.pid, dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createWithPid(lockFile)) {
      heldHere.add(lockFile);
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        heldHere.delete(lockFile);
        await fs.rm(lockFile, { force: true });
      };
    }
    const owner = Number.parseInt(await fs.readFile(lockFile, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner))
      throw lockedBy(owner, dataDir);
    await fs.rm(lockFile, { force: true });
  }
  throw new DataDirLockedError(`Could not lock ${dataDir}; another Grove process keeps taking it.`);
}

/**
 * Create the lock file with our pid already inside: the pid goes into a temp file that is then
 * hard-linked into place, which fails if the lock exists. A plain create-then-write would let
 * another process read an empty lock in between, think it stale, and take it too.
 */
async function createWithPid(lockFile: string): Promise<boolean> {
  const temp = `${lockFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(temp, String(process.pid), { mode: 0o600 });
  try {
    await fs.link(temp, lockFile);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    if (!isCode(error, 'EPERM', 'ENOTSUP', 'ENOSYS')) throw error;
    // No hard links on this file system: fall back to an exclusive create.
    return fs.writeFile(lockFile, String(process.pid), { flag: 'wx', mode: 0o600 }).then(
      () => true,
      (reason: unknown) => {
        if (isCode(reason, 'EEXIST')) return false;
        throw reason;
      },
    );
  } finally {
    await fs.rm(temp, { force: true });
  }
}

function lockedBy(owner: number, dataDir: string): DataDirLockedError {
  return new DataDirLockedError(
    `Another Grove process (pid ${owner}) is using ${dataDir}. Stop it or choose another --data-dir.`,
  );
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isCode(error, 'EPERM');
  }
}
