import { randomBytes } from 'node:crypto';
import { chmod, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './store/durable-file.js';

export const tokenFile = (dataDir: string): string => path.join(dataDir, 'token');

/**
 * The API token: the one given, else the one kept in `<data-dir>/token`, else 32 new random
 * bytes. The file is always left readable by its owner only.
 */
export async function resolveToken(dataDir: string, given: string | undefined): Promise<string> {
  const file = tokenFile(dataDir);
  if (given) {
    await writeFileAtomic(file, given, { mode: 0o600 });
    return given;
  }
  const kept = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (kept) {
    if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
    return kept;
  }
  const token = randomBytes(32).toString('base64url');
  await writeFileAtomic(file, token, { mode: 0o600 });
  return token;
}

/** Replace the token with a fresh one (the old one stops working at once). */
export async function regenerateToken(dataDir: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await writeFileAtomic(tokenFile(dataDir), token, { mode: 0o600 });
  return token;
}
