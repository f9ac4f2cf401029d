// Shared setup for the server/store/store-*.test.ts files: temp data dirs and a store that
// records its log lines.
import { Store } from '../store/store.js';
import { removeDir, tempDir } from './harness.js';

const dirs: string[] = [];

/** A fresh temp data dir, removed by `removeDataDirs`. */
export async function dataDir(): Promise<string> {
  const dir = await tempDir('grove-store-');
  dirs.push(dir);
  return dir;
}

/** Remove `dir` too when `removeDataDirs` runs (for links and other extras made beside them). */
export function removeLater(dir: string): void {
  dirs.push(dir);
}

/** Remove every folder made by `dataDir`; call it from the test file's `after`. */
export async function removeDataDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map(removeDir));
}

/** Open the store in `dir`, keeping the lines it logs. */
export async function openLogged(
  dir: string,
  options: Partial<Parameters<typeof Store.open>[0]> = {},
) {
  const logs: string[] = [];
  const store = await Store.open({ dataDir: dir, log: (line) => logs.push(line), ...options });
  return { store, logs };
}
