import { spawnSync } from 'node:child_process';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { removeDir, tempDir } from './harness.js';

/**
 * A small tmpfs mounted on a fresh folder: a real disk that tests can fill up (ENOSPC, with
 * writes cut short part-way) or make read-only (EROFS). Mounting needs root (CAP_SYS_ADMIN);
 * `mountTinyDisk` resolves with null where it is not allowed, and those tests skip.
 */
export interface TinyDisk {
  dir: string;
  /** Write a filler file until the disk is full; every new block then fails with ENOSPC. */
  fill(): Promise<void>;
  /** Remove the filler. */
  free(): Promise<void>;
  setReadOnly(readOnly: boolean): void;
  unmount(): Promise<void>;
}

export const SKIP_WITHOUT_MOUNT = 'mounting a tmpfs is not allowed here (needs root)';

export async function mountTinyDisk(sizeKb = 512): Promise<TinyDisk | null> {
  const dir = await tempDir('grove-tiny-disk-');
  if (!run('mount', '-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir)) {
    await removeDir(dir);
    return null;
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill: () => fillUp(filler),
    free: () => rm(filler, { force: true }),
    setReadOnly(readOnly) {
      if (!run('mount', '-o', `remount,${readOnly ? 'ro' : 'rw'}`, dir)) {
        throw new Error(`could not remount ${dir} ${readOnly ? 'read-only' : 'read-write'}`);
      }
    },
    async unmount() {
      run('umount', dir);
      await removeDir(dir);
    },
  };
}

function run(command: string, ...args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

async function fillUp(file: string): Promise<void> {
  const handle = await open(file, 'a');
  const chunk = Buffer.alloc(64 * 1024, 0x78);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
}
