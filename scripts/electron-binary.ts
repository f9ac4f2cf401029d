// Where the Electron binary is, found without `require('electron')`: that call starts a download
// when the binary is missing, which fails offline with a stack trace instead of an answer.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; expected: string };

/** The binary the `electron` package in `root`'s node_modules would run, and whether it is there. */
export function findElectronBinary(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): ElectronBinary {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  // path.txt is written by the package's installer once the binary is in place.
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const expected = override
    ? path.join(override, relative || 'electron')
    : path.join(packageDir, 'dist', relative || defaultRelativePath());
  const installed = existsSync(expected) && (Boolean(override) || relative !== '');
  return installed ? { found: true, path: expected } : { found: false, expected };
}

function defaultRelativePath(): string {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return process.platform === 'win32' ? 'electron.exe' : 'electron';
}
