// What `npm run dist` packs: electron-builder.yml read as electron-builder reads it, its `files`
// patterns applied with the matcher and rules electron-builder uses (minimatch with `dot`, each
// pattern in order, a `!` pattern taking back what an earlier one added).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Minimatch } from 'minimatch';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  allowMissingDependencies: boolean;
  electronFuses: Record<string, boolean>;
  directories: { buildResources: string; output: string };
  files: string[];
  linux: { target: string[]; category: string; icon: string };
  deb: { depends: string[] };
  mac: {
    target: string[];
    hardenedRuntime: boolean;
    entitlements: string;
    entitlementsInherit: string;
    icon: string;
  };
  win: { target: string[]; icon: string };
}

const config = yaml.load(
  readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'),
) as BuilderConfig;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const patterns = config.files.map((pattern) => new Minimatch(pattern, { dot: true }));

/** Whether electron-builder copies `file` (relative to the project) into the app. */
function packed(file: string): boolean {
  let match = false;
  for (const pattern of patterns) {
    if (match !== pattern.negate) continue;
    match = pattern.match(file);
  }
  return match;
}

function walk(dir: string): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.')) return [];
    const relative = `${dir}/${name}`;
    return statSync(path.join(root, relative)).isDirectory() ? walk(relative) : [relative];
  });
}

describe('electron-builder.yml', () => {
  test('names the app and packs it into an asar', () => {
    assert.equal(config.appId, 'dev.grove.app');
    assert.equal(config.productName, 'Grove');
    assert.equal(config.asar, true);
    assert.deepEqual(config.directories, { buildResources: 'build', output: 'release' });
  });

  test('node-pty stays outside the asar, nothing is rebuilt, a missing dependency fails the build', () => {
    // e2e/package packs the app and checks that every native module in it is N-API.
    assert.deepEqual(config.asarUnpack, ['**/node_modules/node-pty/**/*']);
    assert.equal(config.npmRebuild, false);
    assert.equal(config.allowMissingDependencies, false);
  });

  test('the packaged binary cannot be run as Node, inspected or pointed at other code', () => {
    assert.equal(config.electronFuses.runAsNode, false);
    assert.equal(config.electronFuses.enableNodeOptionsEnvironmentVariable, false);
    assert.equal(config.electronFuses.enableNodeCliInspectArguments, false);
    assert.equal(config.electronFuses.onlyLoadAppFromAsar, true);
  });

  test('packs the built server, shell and renderer, and the entry point', () => {
    for (const file of [
      'package.json',
      pkg.main,
      'dist/electron/preload.cjs',
      'dist/server/server.js',
      'dist/server/store/store.js',
      'dist/renderer/index.html',
      'dist/renderer/assets/index-3f2a1b.js',
      'dist/renderer/assets/index-3f2a1b.css',
    ]) {
      assert.equal(packed(file), true, file);
    }
    assert.equal(pkg.main, 'dist/electron/main.js');
  });

  test('whatever is built right now is packed, except source maps', () => {
    const built = ['dist/server', 'dist/electron', 'dist/renderer'].flatMap(walk);
    for (const file of built) assert.equal(packed(file), !file.endsWith('.map'), file);
  });

  test('leaves out sources, tests, maps and everything else in the repository', () => {
    const sources = ['server', 'electron', 'renderer', 'e2e', 'scripts', 'build'].flatMap(walk);
    assert.ok(sources.length > 20, 'the walk found the sources');
    for (const file of sources) assert.equal(packed(file), false, file);
    for (const file of [
      'tsconfig.json',
      'README.md',
      'electron-builder.yml',
      'package-lock.json',
      'eslint.config.js',
      'dist/server/server.js.map',
      'dist/electron/main.js.map',
      'dist/server/server.test.js',
      'dist/electron/quit.test.js',
      'dist/server/test-support/harness.js',
      'dist/electron/test-support/fakes.js',
      'release/linux-unpacked/grove',
      'node_modules/typescript/lib/tsc.js',
    ]) {
      assert.equal(packed(file), false, file);
    }
  });

  test('per-OS targets, icons and entitlements', () => {
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
    assert.equal(config.linux.category, 'Development');
    assert.deepEqual(config.mac.target, ['dmg', 'zip']);
    assert.equal(config.mac.hardenedRuntime, true);
    assert.equal(config.mac.entitlements, 'build/entitlements.mac.plist');
    assert.equal(config.mac.entitlementsInherit, 'build/entitlements.mac.plist');
    assert.match(
      readFileSync(path.join(root, config.mac.entitlements), 'utf8'),
      /com\.apple\.security\.cs\.allow-jit/,
    );
    assert.deepEqual(config.win.target, ['nsis']);
    assert.equal(pngSize(config.mac.icon), 512);
    assert.equal(pngSize(config.win.icon), 512);
    assert.equal(pngSize(`${config.linux.icon}/256x256.png`), 256);
    assert.equal(pngSize(`${config.linux.icon}/512x512.png`), 512);
  });

  test("the deb keeps Electron's own dependencies when adding git", () => {
    for (const library of [
      'libgtk-3-0',
      'libnotify4',
      'libnss3',
      'libxss1',
      'libxtst6',
      'xdg-utils',
    ]) {
      assert.ok(config.deb.depends.includes(library), library);
    }
    assert.ok(config.deb.depends.includes('git'));
  });
});

describe('package.json dependencies', () => {
  // electron-builder packs `dependencies` (and what they need) and never `devDependencies`.
  const runtimeFiles = [...walk('server'), ...walk('electron')].filter(
    (file) =>
      /\.(ts|cts)$/.test(file) &&
      !file.endsWith('.test.ts') &&
      !file.includes('/test-support/') &&
      !file.includes('/fixtures/'),
  );

  test('every package the server and shell import at run time is a dependency', () => {
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const imported = new Set<string>();
    for (const file of runtimeFiles) {
      const source = readFileSync(path.join(root, file), 'utf8');
      for (const match of source.matchAll(
        /^\s*(?:import|export)(?!\s+type\b)[^'"]*?from\s+'([^'.][^']*)'/gm,
      )) {
        const specifier = match[1] ?? '';
        if (builtins.has(specifier) || builtins.has(specifier.split('/')[0] ?? '')) continue;
        const parts = specifier.split('/');
        imported.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? ''));
      }
    }
    imported.delete('electron'); // provided by the Electron runtime itself
    assert.ok(imported.has('express'), 'the import scan works');
    for (const name of imported)
      assert.ok(name in pkg.dependencies, `${name} must be a dependency`);
  });

  test('build and test tools stay devDependencies, out of the installers', () => {
    for (const tool of [
      'electron',
      'electron-builder',
      'typescript',
      'tsx',
      'vite',
      '@playwright/test',
      'react',
    ]) {
      assert.ok(tool in pkg.devDependencies, `${tool} is a devDependency`);
      assert.ok(!(tool in pkg.dependencies), `${tool} is not a dependency`);
    }
  });
});

function pngSize(file: string): number {
  const bytes = readFileSync(path.join(root, file));
  assert.equal(bytes.subarray(1, 4).toString('ascii'), 'PNG', `${file} is a PNG`);
  const width = bytes.readUInt32BE(16);
  assert.equal(bytes.readUInt32BE(20), width, `${file} is square`);
  return width;
}
