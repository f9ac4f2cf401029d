// Packs the app with electron-builder in a child process and keeps its log. The build must not
// reach the network: where Linux lets an unprivileged process have its own network namespace,
// it runs in one without any network (so a download attempt fails the build), and everywhere its
// log must show no download.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const runner = path.join(here, 'electron-builder-run.ts');
const repoRoot = path.resolve(here, '..', '..');

export interface PackResult {
  appDir: string;
  log: string;
  isolated: boolean;
}

/** A folder electron-builder accepts as an Electron distribution: `electron` and `version`. */
export function makeStandInElectron(version: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'grove-stand-in-electron-'));
  writeFileSync(path.join(dir, 'electron'), '#!/bin/sh\necho "stand-in for Electron"\nexit 1\n');
  chmodSync(path.join(dir, 'electron'), 0o755);
  writeFileSync(path.join(dir, 'version'), version);
  return dir;
}

function canIsolateNetwork(): boolean {
  if (process.platform !== 'linux') return false;
  return spawnSync('unshare', ['-rn', 'true'], { stdio: 'ignore' }).status === 0;
}

export async function packLinuxDir(options: {
  projectDir: string;
  electronDist: string;
  electronVersion: string;
  standIn: boolean;
}): Promise<PackResult> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'grove-pack-out-'));
  const kind = options.standIn ? 'stand-in' : 'real';
  const args = ['--import', 'tsx', runner, options.projectDir, outDir, options.electronDist];
  args.push(options.electronVersion, kind);
  const isolated = canIsolateNetwork();
  const [command, commandArgs] = isolated
    ? ['unshare', ['-rn', process.execPath, ...args]]
    : [process.execPath, args];
  const child = spawn(command, commandArgs as string[], {
    cwd: repoRoot,
    env: { ...process.env, DEBUG: 'electron-builder', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`electron-builder failed (exit ${code}):\n${log.slice(-6000)}`);
  return { appDir: path.join(outDir, 'linux-unpacked'), log, isolated };
}
