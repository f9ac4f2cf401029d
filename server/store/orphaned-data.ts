import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GroveError } from '../errors.js';

const exists = (file: string) =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

async function countFiles(dir: string, suffix: string): Promise<number> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith(suffix)).length;
}

/**
 * Whether this is a first start: no catalog, no `.bak`, and nothing else either. (The store then
 * writes the empty catalog at once, so a catalog is always on disk before any other file.)
 *
 * Grove must never start empty over existing data. A catalog that is gone together with its
 * `.bak` while session shards or transcripts remain means the catalog was lost, not that this
 * is a first start: starting empty would orphan those files, and the first write would bury the
 * evidence. That is refused, saying how to go on.
 */
export async function isFirstStart(dataDir: string): Promise<boolean> {
  const catalog = path.join(dataDir, 'catalog.json');
  if ((await exists(catalog)) || (await exists(`${catalog}.bak`))) return false;
  const shards = await countFiles(path.join(dataDir, 'sessions'), '.json');
  const transcripts = await countFiles(path.join(dataDir, 'transcripts'), '.jsonl');
  if (shards === 0 && transcripts === 0) return true;
  throw new GroveError(
    'storage-unavailable',
    `${catalog} and its .bak are missing, but ${shards} session file(s) and ${transcripts} ` +
      `transcript(s) are still in ${dataDir}. Grove will not start empty over them. Restore ` +
      `catalog.json from a backup, or move the sessions/ and transcripts/ folders elsewhere to ` +
      `start afresh.`,
  );
}
