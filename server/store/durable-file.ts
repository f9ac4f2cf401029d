import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import path from 'node:path';
import { realFiles, type FileHandleLike, type FileLayer } from './file-layer.js';

/** fsync a directory so a rename or unlink inside it survives a power loss. */
export async function syncDirectory(dir: string, files: FileLayer = realFiles): Promise<void> {
  let handle: FileHandleLike | undefined;
  try {
    handle = await files.open(dir, constants.O_RDONLY);
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
  options: { keepBackup?: boolean; mode?: number; files?: FileLayer } = {},
): Promise<void> {
  const files = options.files ?? realFiles;
  const dir = path.dirname(file);
  // Random, not just pid+time: two writers of one file in the same millisecond must not share it.
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await files.open(temp, 'w', options.mode ?? 0o600);
  try {
    try {
      await handle.writeFile(contents, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.keepBackup) await linkBackup(file, files);
    await files.rename(temp, file);
  } catch (error) {
    // A half-written temp file would hold on to space that a full disk is already short of.
    await files.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  try {
    await syncDirectory(dir, files);
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

/**
 * Point `<file>.bak` at the current version; a hard link costs no copy and shares the data that
 * was fsynced when that version was written. A copy (where links are refused) is fsynced itself.
 */
async function linkBackup(file: string, files: FileLayer): Promise<void> {
  const backup = `${file}.bak`;
  try {
    await files.rm(backup, { force: true });
    await files.link(file, backup);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    if (!isCode(error, 'EXDEV', 'EPERM', 'ENOTSUP')) throw error;
    await copyBackup(file, backup, files);
  }
}

async function copyBackup(file: string, backup: string, files: FileLayer): Promise<void> {
  try {
    await copyFileDurably(file, backup, files);
  } catch (error) {
    // The first write of a file has no previous version to keep.
    if (isCode(error, 'ENOENT')) return;
    throw error;
  }
}

/** Copy `from` to `to` and fsync the copy; syncing the folder that names it is the caller's. */
export async function copyFileDurably(
  from: string,
  to: string,
  files: FileLayer = realFiles,
): Promise<void> {
  await files.copyFile(from, to);
  const copy = await files.open(to, 'r');
  try {
    await copy.sync();
  } finally {
    await copy.close();
  }
}

export async function readFileIfExists(
  file: string,
  files: FileLayer = realFiles,
): Promise<string | null> {
  try {
    return (await files.readFile(file)).toString('utf8');
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

/**
 * Temp files left by a writer that died mid-write (the rename never happened). Only the lock
 * owner may run this, and it owns every document in `dirs`, so none belongs to a live write.
 */
export async function removeStaleTempFiles(
  dirs: readonly string[],
  files: FileLayer,
): Promise<void> {
  for (const dir of dirs) {
    const names = await files.readdir(dir);
    const stale = names.filter((name) => name.endsWith('.tmp') && !name.startsWith('grove.lock'));
    await Promise.all(stale.map((name) => files.rm(path.join(dir, name), { force: true })));
  }
}
