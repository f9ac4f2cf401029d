// Shared by the torture suite (e2e/torture/*.test.ts). `npm test` runs its quick form;
// `npm run test:torture` sets GROVE_TORTURE=full for the full one (docs/reliability.md).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export const FULL = process.env['GROVE_TORTURE'] === 'full';

/** The quick figure under `npm test`, the full one under `npm run test:torture`. */
export function scale<T>(quick: T, full: T): T {
  return FULL ? full : quick;
}

/** One line of figures per attack, for docs/reliability.md. */
export function report(attack: string, figures: Record<string, number | string>): void {
  const text = Object.entries(figures)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  console.log(`torture ${FULL ? 'full' : 'quick'} | ${attack} | ${text}`);
}

/** Every file of a data dir with a digest of its bytes (the lock, which names a pid, aside). */
export async function dataDirSnapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('grove.lock')) continue;
    const full = path.join(entry.parentPath, entry.name);
    const bytes = await readFile(full).catch(() => null);
    if (bytes) {
      files[path.relative(dir, full)] = createHash('sha256').update(bytes).digest('hex');
    }
  }
  return files;
}

/** A small deterministic PRNG, so a failing run can be repeated with its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}
