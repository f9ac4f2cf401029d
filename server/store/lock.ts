import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isCode } from './durable-file.js';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

/**
 * Make this process the only owner of a data dir. A lock left by a process that no longer runs
 * is taken over, so a crash never locks the user out.
 */
export async function acquireDataDirLock(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = path.join(dataDir, 'grove.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lockFile, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => fs.rm(lockFile, { force: true });
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
      const owner = Number.parseInt(await fs.readFile(lockFile, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new DataDirLockedError(
          `Another Grove process (pid ${owner}) is using ${dataDir}. Stop it or choose another --data-dir.`,
        );
      }
      await fs.rm(lockFile, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock ${dataDir}.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isCode(error, 'EPERM');
  }
}
