import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

/** fsync a directory so a rename or unlink inside it survives a power loss. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, constants.O_RDONLY);
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) cannot open a directory for fsync; the rename is still atomic there.
    if (!isCode(error, 'EISDIR', 'EPERM', 'EACCES')) throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Replace `file` with `contents` so that a crash at any instant leaves either the old or the new
 * file whole: write a temp file, fsync it, keep the previous version as `<file>.bak`, rename the
 * temp file over the original, fsync the folder.
 */
export async function writeFileAtomic(
  file: string,
  contents: string,
  options: { keepBackup?: boolean; mode?: number } = {},
): Promise<void> {
  const dir = path.dirname(file);
  // Random, not just pid+time: two writers of one file in the same millisecond must not share it.
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(temp, 'w', options.mode ?? 0o600);
  try {
    try {
      await handle.writeFile(contents, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.keepBackup) await linkBackup(file);
    await fs.rename(temp, file);
  } catch (error) {
    // A half-written temp file would hold on to space that a full disk is already short of.
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  try {
    await syncDirectory(dir);
  } catch (error) {
    throw new FolderSyncError(dir, error);
  }
}

/**
 * The rename went through, so the new contents are what the file holds and a restart reads;
 * only the fsync of the folder, which makes the rename survive a power loss, failed.
 */
export class FolderSyncError extends Error {
  override name = 'FolderSyncError';

  constructor(dir: string, cause: unknown) {
    super(`Could not fsync ${dir}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** Point `<file>.bak` at the current version; a hard link costs no copy. */
async function linkBackup(file: string): Promise<void> {
  const backup = `${file}.bak`;
  try {
    await fs.rm(backup, { force: true });
    await fs.link(file, backup);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    if (!isCode(error, 'EXDEV', 'EPERM', 'ENOTSUP')) throw error;
    await fs.copyFile(file, backup);
  }
}

export async function readFileIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
}

export function isCode(error: unknown, ...codes: string[]): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    codes.includes(String((error as { code: unknown }).code))
  );
}

/**
 * A write of Grove's data that did not reach the disk, so nothing of it was kept, in memory
 * either. `code` is the system's error code (ENOSPC, EIO, EROFS, ...), or UNKNOWN.
 */
export class StorageWriteError extends Error {
  override name = 'StorageWriteError';
  readonly code: string;

  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`Could not write ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : null;
    this.code = typeof code === 'string' ? code : 'UNKNOWN';
  }
}
