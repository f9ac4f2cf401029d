import { randomBytes } from 'node:crypto';
import { chmod, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './store/durable-file.js';

export const tokenFile = (dataDir: string): string => path.join(dataDir, 'token');

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/**
 * What both a Bearer header and a `grove.token.<token>` WebSocket subprotocol (an HTTP token, so
 * no "/" or "=") can carry; anything else would be a token no browser could ever present.
 */
const USABLE_TOKEN = /^[A-Za-z0-9._~+-]{1,512}$/;

/**
 * The API token: the one given, else the one kept in `<data-dir>/token`, else 32 new random
 * bytes. The file is always left readable by its owner only.
 */
export async function resolveToken(dataDir: string, given: string | undefined): Promise<string> {
  const file = tokenFile(dataDir);
  if (given !== undefined && given !== '' && !USABLE_TOKEN.test(given)) {
    throw new InvalidTokenError(
      'The given token must be up to 512 letters, digits or ._~+- characters (no spaces).',
    );
  }
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
