// The folder electron-builder packs. Normally the project itself. Where node_modules is a symlink
// to another checkout's (worktrees sharing one install), `npm list` sees every package as a link
// and loses their dependencies, so the build would miss them: then a stage is made with the same
// package.json, lockfile, electron-builder.yml, build resources and dist/, and a real node_modules
// holding the production dependencies copied from the shared install.
import { cpSync, lstatSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { productionPackages } from './production-deps.js';

const PROJECT_FILES = ['package.json', 'package-lock.json', 'electron-builder.yml', 'build'];
const BUILT = ['dist/server', 'dist/electron', 'dist/renderer'];

export interface ProjectStage {
  dir: string;
  staged: boolean;
}

export function projectToPack(root: string): ProjectStage {
  if (!lstatSync(path.join(root, 'node_modules')).isSymbolicLink()) {
    return { dir: root, staged: false };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'grove-pack-project-'));
  for (const entry of [...PROJECT_FILES, ...BUILT]) {
    cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  for (const pkg of productionPackages(root)) {
    cpSync(pkg.dir, path.join(dir, pkg.location), {
      recursive: true,
      dereference: true,
      // Nested node_modules are copied as packages of their own, when they are dependencies.
      filter: (source) => !path.relative(pkg.dir, source).split(path.sep).includes('node_modules'),
    });
  }
  return { dir, staged: true };
}
