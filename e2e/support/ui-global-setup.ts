import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = path.join(repoRoot, 'dist', 'renderer');

function newestMtime(entry: string): number {
  const stat = statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(entry).map((child) => newestMtime(path.join(entry, child))),
  );
}

/**
 * Build the renderer when the build is missing or older than its sources (as `npm run serve`
 * does), then test a private copy of it, so a rebuild running meanwhile (another terminal,
 * another suite) cannot pull the files from under the browser. Workers get its path in
 * GROVE_UI_RENDERER_DIR; the returned function removes it at the end.
 */
export default function globalSetup(): () => void {
  const index = statSync(path.join(built, 'index.html'), { throwIfNoEntry: false });
  const sources = Math.max(
    newestMtime(path.join(repoRoot, 'renderer')),
    newestMtime(path.join(repoRoot, 'server', 'contract')),
  );
  if (!index || index.mtimeMs < sources) {
    execFileSync(
      'npx',
      ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: repoRoot,
        stdio: 'inherit',
      },
    );
  }
  const copy = mkdtempSync(path.join(os.tmpdir(), 'grove-ui-renderer-'));
  cpSync(built, copy, { recursive: true });
  process.env['GROVE_UI_RENDERER_DIR'] = copy;
  return () => rmSync(copy, { recursive: true, force: true });
}
