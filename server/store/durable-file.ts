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
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (options.keepBackup) await linkBackup(file);
  await fs.rename(temp, file);
  await syncDirectory(dir);
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
