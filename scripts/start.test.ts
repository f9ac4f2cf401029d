// `npm start` where the Electron binary is missing (as on an offline install): the real script,
// run through npm, stops before building with a message that points to `npm run serve`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('npm start without the Electron binary fails with a clear message, not a stack trace', async () => {
  const env = { ...process.env };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  // Where the binary is installed, an empty Electron distribution stands for a missing one.
  const emptyDist = await mkdtemp(path.join(os.tmpdir(), 'grove-no-electron-'));
  if (findElectronBinary(root, env).found) env.ELECTRON_OVERRIDE_DIST_PATH = emptyDist;
  assert.equal(findElectronBinary(root, env).found, false);

  const result = spawnSync('npm', ['start'], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  await rm(emptyDist, { recursive: true, force: true });

  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /Grove: the Electron binary is not installed/);
  assert.match(result.stderr, /`npm run serve` runs Grove headless \(Node 20\.19 or newer\)/);
  assert.match(result.stderr, /Node\.js 22\.12 or newer/);
  assert.doesNotMatch(`${result.stdout}${result.stderr}`, /^\s+at .+:\d+:\d+\)?$/m, 'no stack');
  assert.doesNotMatch(`${result.stdout}${result.stderr}`, /Downloading Electron|building/i);
});
