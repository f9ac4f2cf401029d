// What app.asar holds, read with @electron/asar, and the rules the package test holds it to.
import { readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import type { InstalledPackage } from './production-deps.js';

export interface AsarListing {
  archive: string;
  files: string[];
  unpacked: Set<string>;
}

export function readAsar(archive: string): AsarListing {
  const files: string[] = [];
  const unpacked = new Set<string>();
  for (const entry of listPackage(archive, { isPack: false })) {
    const file = entry
      .replace(/^[\\/]/, '')
      .split(path.sep)
      .join('/');
    const stat = statFile(archive, file);
    if ('files' in stat || 'link' in stat) continue;
    files.push(file);
    if (stat.unpacked) unpacked.add(file);
  }
  return { archive, files, unpacked };
}

export const BUILT_DIRS = ['dist/server', 'dist/electron', 'dist/renderer'];

/** Whether a file of dist/ belongs in the app, by the rules electron-builder.yml states. */
function isShippedBuildOutput(file: string): boolean {
  return !file.endsWith('.map') && !file.endsWith('.test.js') && !file.includes('/test-support/');
}

/** The files of the current build that the app must carry. */
export function shippedBuildOutput(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(path.join(root, dir)).flatMap((name) => {
      const relative = `${dir}/${name}`;
      return statSync(path.join(root, relative)).isDirectory() ? walk(relative) : [relative];
    });
  return BUILT_DIRS.flatMap(walk).filter(isShippedBuildOutput).sort();
}

const FORBIDDEN = [
  /\.(map|ts|cts|mts|tsx)$/, // source maps, TypeScript sources and declarations
  /\.(test|spec)\.[cm]?js$/,
  /(^|\/)(tests?|__tests__|test-support|e2e)\//,
  /(^|\/)\.env(\.[^/]*)?$/,
  /(^|\/)\.git\//,
];

/** Files that must not be in an app whatever their place: sources, tests, maps, secrets. */
export function forbiddenFiles(files: string[]): string[] {
  return files.filter((file) => FORBIDDEN.some((pattern) => pattern.test(file)));
}

/** `node_modules/a/node_modules/@s/b` for a file inside that package, else null. */
export function packageLocationOf(file: string): string | null {
  return /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1] ?? null;
}

/** Files that are neither the manifest, nor shipped build output, nor in a production package. */
export function unexpectedFiles(
  files: string[],
  built: string[],
  packages: InstalledPackage[],
): string[] {
  const allowedBuilt = new Set(built);
  const locations = new Set(packages.map((pkg) => pkg.location));
  return files.filter((file) => {
    if (file === 'package.json' || allowedBuilt.has(file)) return false;
    const location = packageLocationOf(file);
    return !location || !locations.has(location);
  });
}

/** The bare and relative modules a built file imports or requires. */
function importedSpecifiers(source: string): string[] {
  const pattern =
    /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? match[4] ?? '',
  );
}

/**
 * Imports of the packed dist/ files that would fail at run time: a relative file not in the app, or
 * a package that is neither built in (Node, Electron) nor packed at the top of node_modules.
 */
export function unresolvedImports(listing: AsarListing): string[] {
  const files = new Set(listing.files);
  const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
  const problems: string[] = [];
  for (const file of listing.files.filter((name) =>
    /^dist\/(server|electron)\/.*\.c?js$/.test(name),
  )) {
    const source = extractFile(listing.archive, file).toString('utf8');
    for (const specifier of importedSpecifiers(source)) {
      if (specifier.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
        if (!files.has(target)) problems.push(`${file} imports ${specifier}`);
        continue;
      }
      const parts = specifier.split('/');
      const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
      if (builtins.has(specifier) || builtins.has(name) || name === 'electron') continue;
      if (!files.has(`node_modules/${name}/package.json`))
        problems.push(`${file} imports ${specifier}`);
    }
  }
  return problems;
}
