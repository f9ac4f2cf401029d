// `npm run test:package`: the installer's payload, proven without the Electron binary. The
// unpacked Linux app is built by electron-builder from electron-builder.yml with a stand-in
// Electron (an executable named `electron` and a `version` file), offline; its app.asar is opened
// and held to what an app may carry; then its server and node-pty run with plain Node from an
// extracted copy. Where the real Electron binary is installed, the app is also packed with it and
// the binary's fuses are checked; elsewhere that part prints `skipped: no Electron binary`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extractAll } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { findElectronBinary } from '../../scripts/electron-binary.js';
import {
  forbiddenFiles,
  readAsar,
  shippedBuildOutput,
  unexpectedFiles,
  unresolvedImports,
  type AsarListing,
} from './asar-contents.js';
import { makeStandInElectron, packLinuxDir, type PackResult } from './pack-app.js';
import { makeGitRepo, runPtyFrom, startPackagedServer } from './packaged-server.js';
import { packedLocation, productionPackages, readManifest } from './production-deps.js';
import { projectToPack, type ProjectStage } from './project-stage.js';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SKIP_LINE = 'skipped: no Electron binary';
// The packed app is a Linux one, and its binaries run on this machine.
const notLinux = process.platform === 'linux' ? false : 'skipped: the package test runs on Linux';
if (notLinux) console.log(notLinux);
const electronVersion = (
  JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const builderConfig = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
const production = productionPackages(root);
/** Headers and build scripts for compiling node-pty; electron-builder.yml leaves it out. */
const BUILD_ONLY = new Set(['node-addon-api']);
const shipped = production.filter((pkg) => !BUILD_ONLY.has(pkg.name));
const temps: string[] = [];

function tempDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `grove-package-${label}-`));
  temps.push(dir);
  return dir;
}

/** The newest change to what the build reads (tests are not built). */
function newestMtime(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(entry) ? 0 : stat.mtimeMs;
  if (path.basename(entry) === 'test-support') return 0;
  return Math.max(0, ...readdirSync(entry).map((child) => newestMtime(path.join(entry, child))));
}

/** `npm run build` unless dist/ is newer than every source it is built from. */
function ensureBuilt(): void {
  const outputs = ['dist/server/main.js', 'dist/electron/main.js', 'dist/renderer/index.html'];
  const built = Math.min(
    ...outputs.map(
      (file) => statSync(path.join(root, file), { throwIfNoEntry: false })?.mtimeMs ?? 0,
    ),
  );
  const sources = Math.max(
    ...['server', 'electron', 'renderer', 'package.json'].map((entry) =>
      newestMtime(path.join(root, entry)),
    ),
  );
  if (built >= sources) return;
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, `npm run build failed:\n${result.stdout}${result.stderr}`);
}

function sizeOf(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(entry).reduce((sum, child) => sum + sizeOf(path.join(entry, child)), 0);
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The checks both packs must pass: what app.asar holds and what it must not. */
function checkContents(listing: AsarListing): void {
  const built = shippedBuildOutput(root);
  for (const file of ['dist/server/main.js', 'dist/electron/main.js', 'dist/renderer/index.html']) {
    assert.ok(built.includes(file), `${file} is built`);
  }
  const missingBuilt = built.filter((file) => !listing.files.includes(file));
  assert.deepEqual(missingBuilt, [], 'every built server, shell and renderer file is packed');
  const packedLocations = new Set(
    listing.files
      .filter((file) => file.endsWith('/package.json'))
      .map((file) => path.dirname(file)),
  );
  const packed = shipped.map((pkg) => ({
    ...pkg,
    location: packedLocation(pkg, packedLocations, shipped) ?? '',
  }));
  const missingPackages = packed.filter((pkg) => pkg.location === '');
  assert.deepEqual(
    missingPackages,
    [],
    'every production dependency is packed where Node finds it',
  );
  assert.deepEqual(forbiddenFiles(listing.files), [], 'no sources, tests, maps or .env files');
  assert.deepEqual(unexpectedFiles(listing.files, built, packed), [], 'nothing else');
  const manifest = readManifest(root);
  const productionNames = new Set(production.map((pkg) => pkg.name));
  const packedDevDependencies = Object.keys(manifest.devDependencies ?? {}).filter(
    (name) =>
      !productionNames.has(name) &&
      listing.files.some((f) => f.startsWith(`node_modules/${name}/`)),
  );
  assert.deepEqual(packedDevDependencies, [], 'no dev dependencies');
  assert.deepEqual(unresolvedImports(listing), [], 'every import of the server and shell resolves');
}

describe('the app packed with a stand-in Electron', { skip: notLinux }, () => {
  let stage: ProjectStage;
  let pack: PackResult;
  let listing: AsarListing;
  let extracted: string;

  before(async () => {
    ensureBuilt();
    stage = projectToPack(root);
    if (stage.staged) temps.push(stage.dir);
    const standIn = makeStandInElectron(electronVersion);
    temps.push(standIn);
    pack = await packLinuxDir({
      projectDir: stage.dir,
      electronDist: standIn,
      electronVersion,
      standIn: true,
    });
    temps.push(path.dirname(pack.appDir));
    const archive = path.join(pack.appDir, 'resources', 'app.asar');
    listing = readAsar(archive);
    extracted = tempDir('extracted');
    extractAll(archive, extracted);
    const unpacked = sizeOf(`${archive}.unpacked`);
    console.log(
      `app.asar: ${megabytes(statSync(archive).size)}, ${listing.files.length} files, ` +
        `${listing.unpacked.size} of them in app.asar.unpacked (${megabytes(unpacked)}); ` +
        `${stage.staged ? 'packed from a stage (node_modules is a symlink)' : 'packed from the project'}, ` +
        `${pack.isolated ? 'in a network namespace without network' : 'network not isolated'}`,
    );
  });

  test('electron-builder read electron-builder.yml, used the stand-in, rebuilt nothing and downloaded nothing', () => {
    assert.match(pack.log, /loaded configuration\s+file=\S*electron-builder\.yml/);
    assert.match(pack.log, /using custom unpacked Electron distribution/);
    assert.match(pack.log, /skipped dependencies rebuild\s+reason=npmRebuild is set to false/);
    assert.doesNotMatch(pack.log, /•\s+download/);
    assert.match(
      builderConfig,
      /^npmRebuild: false$/m,
      'a rebuild would rewrite node_modules in place',
    );
    const executable = path.join(pack.appDir, 'grove');
    assert.equal(statSync(executable).mode & 0o111, 0o111, 'the app executable is there');
  });

  test('app.asar holds the built server, renderer and Electron main and the production dependencies, nothing else', () => {
    checkContents(listing);
    assert.ok(listing.files.includes('node_modules/express/package.json'));
    const packedManifest = JSON.parse(
      readFileSync(path.join(extracted, 'package.json'), 'utf8'),
    ) as {
      main: string;
    };
    assert.equal(packedManifest.main, 'dist/electron/main.js');
  });

  test("node-pty's native module is unpacked from the asar, N-API, and runs a PTY from there", async () => {
    const native = listing.files.filter((file) => file.endsWith('.node'));
    const ptyBinary = `node_modules/node-pty/prebuilds/${process.platform}-${process.arch}/pty.node`;
    assert.ok(native.includes(ptyBinary), native.join(', '));
    for (const file of native) {
      assert.ok(listing.unpacked.has(file), `${file} is in app.asar.unpacked`);
      const binary = readFileSync(path.join(`${listing.archive}.unpacked`, file));
      // N-API binaries load in Electron as built for Node, which is why nothing is rebuilt.
      assert.ok(binary.includes('napi_register_module_v1'), `${file} is an N-API module`);
    }
    const unpackedModule = path.join(`${listing.archive}.unpacked`, 'node_modules', 'node-pty');
    const run = await runPtyFrom(unpackedModule, tempDir('pty'));
    assert.match(run.output, /pty-says-42/);
    assert.equal(run.exitCode, 0);
    assert.deepEqual(run.nativeModules, [path.join(`${listing.archive}.unpacked`, ptyBinary)]);
  });

  test('the packaged server starts with Node: health, the UI, and an authenticated API round trip', async () => {
    const dataDir = tempDir('data');
    const repo = path.join(tempDir('repo'), 'packaged-demo');
    makeGitRepo(repo);
    const server = await startPackagedServer(extracted, dataDir);
    try {
      const health = await fetch(`${server.url}/api/health`);
      assert.equal(health.status, 200);
      const page = await fetch(`${server.url}/`);
      assert.equal(page.status, 200);
      const html = await page.text();
      const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
      assert.ok(script, html);
      assert.equal((await fetch(new URL(script, `${server.url}/`))).status, 200);

      const auth = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
      assert.equal((await fetch(`${server.url}/api/projects`)).status, 401);
      const created = await fetch(`${server.url}/api/projects`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ path: repo }),
      });
      assert.equal(created.status, 201, await created.clone().text());
      const project = (await created.json()) as { id: string; name: string };
      assert.equal(project.name, 'packaged-demo');
      const listed = (await (
        await fetch(`${server.url}/api/projects`, { headers: auth })
      ).json()) as Array<{
        id: string;
      }>;
      assert.deepEqual(
        listed.map((item) => item.id),
        [project.id],
      );
      const worktrees = await fetch(`${server.url}/api/projects/${project.id}/worktrees`, {
        headers: auth,
      });
      assert.equal(worktrees.status, 200);
    } finally {
      assert.equal(await server.stop(), 0, server.output());
    }
  });
});

describe('the app packed with the real Electron', { skip: notLinux }, () => {
  test('the packed binary carries the fuses electron-builder.yml sets', async (t) => {
    const electron = findElectronBinary(root);
    if (!electron.found) {
      console.log(SKIP_LINE);
      t.skip(SKIP_LINE);
      return;
    }
    ensureBuilt();
    const stage = projectToPack(root);
    if (stage.staged) temps.push(stage.dir);
    const pack = await packLinuxDir({
      projectDir: stage.dir,
      electronDist: path.dirname(electron.path),
      electronVersion,
      standIn: false,
    });
    temps.push(path.dirname(pack.appDir));
    assert.doesNotMatch(pack.log, /•\s+download/);
    checkContents(readAsar(path.join(pack.appDir, 'resources', 'app.asar')));
    const wire = await getCurrentFuseWire(path.join(pack.appDir, 'grove'));
    // The fuse wire holds ASCII '1' for an enabled fuse and '0' for a disabled one.
    const fuses = (yaml.load(builderConfig) as { electronFuses: Record<string, boolean> })
      .electronFuses;
    for (const [name, enabled] of Object.entries(fuses)) {
      const fuse =
        FuseV1Options[`${name[0]?.toUpperCase()}${name.slice(1)}` as keyof typeof FuseV1Options];
      assert.ok(fuse !== undefined, `${name} is a fuse`);
      assert.equal(wire[fuse], (enabled ? '1' : '0').charCodeAt(0), name);
    }
  });
});

after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
