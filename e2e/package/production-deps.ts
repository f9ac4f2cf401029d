// The production dependency closure of the project, found the way Node resolves packages: from
// package.json `dependencies` (and installed `optionalDependencies`), through node_modules.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface InstalledPackage {
  name: string;
  /** Where it sits relative to the project, e.g. `node_modules/a/node_modules/b`. */
  location: string;
  /** The folder on disk, symlinks resolved. */
  dir: string;
}

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** `node_modules/<name>` folders Node would try from a package at `from`, nearest first. */
function lookupLocations(from: string, name: string): string[] {
  const locations: string[] = [];
  let dir = from;
  for (;;) {
    locations.push(dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`);
    if (!dir) return locations;
    const parent = dir.lastIndexOf('/node_modules/');
    dir = parent === -1 ? '' : dir.slice(0, parent);
  }
}

export function productionPackages(root: string): InstalledPackage[] {
  const found = new Map<string, InstalledPackage>();
  const visit = (from: string, manifest: Manifest): void => {
    const wanted = [
      ...Object.keys(manifest.dependencies ?? {}).map((name) => ({ name, optional: false })),
      ...Object.keys(manifest.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ];
    for (const { name, optional } of wanted) {
      const location = lookupLocations(from, name).find((candidate) =>
        existsSync(path.join(root, candidate, 'package.json')),
      );
      if (!location) {
        if (optional) continue;
        throw new Error(`${name}, needed by ${from || 'the project'}, is not installed`);
      }
      if (found.has(location)) continue;
      const dir = realpathSync(path.join(root, location));
      found.set(location, { name, location, dir });
      visit(location, readManifest(dir));
    }
  };
  visit('', readManifest(root));
  return [...found.values()].sort((a, b) => a.location.localeCompare(b.location));
}

/**
 * Where the packer put `pkg`: its own folder, or one nearer the top that Node reaches from the
 * package that needs it (electron-builder hoists a nested package to the top when no shipped
 * package sits there). Null when Node would find nothing, or another shipped package first.
 */
export function packedLocation(
  pkg: InstalledPackage,
  packedLocations: ReadonlySet<string>,
  shipped: readonly InstalledPackage[],
): string | null {
  const nested = pkg.location.lastIndexOf('/node_modules/');
  const from = nested === -1 ? '' : pkg.location.slice(0, nested);
  const others = new Set(shipped.filter((other) => other !== pkg).map((other) => other.location));
  const found = lookupLocations(from, pkg.name).find((candidate) => packedLocations.has(candidate));
  return found === undefined || others.has(found) ? null : found;
}
