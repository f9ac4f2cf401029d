// `npm start`: the desktop app. Checks for the Electron binary first, so a machine without it (an
// offline install, or Node older than the electron package's installer needs) hears what to do
// instead of a failed download's stack trace; then builds and launches Electron on this folder.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electron = findElectronBinary(root);

if (!electron.found) {
  process.stderr.write(
    [
      'Grove: the Electron binary is not installed, so the desktop app cannot start.',
      `  Expected at ${path.relative(root, electron.expected)}.`,
      '  The electron package downloads it when it is installed, which needs internet access and',
      `  Node.js 22.12 or newer (this is Node ${process.versions.node}); once both are there, run`,
      '  `npx install-electron`.',
      '  Without the desktop shell, `npm run serve` runs Grove headless (Node 20.19 or newer) and',
      '  prints the address of the same UI for a browser.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const app = spawn(electron.path, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.kill(signal));
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
