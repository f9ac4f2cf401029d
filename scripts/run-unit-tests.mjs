#!/usr/bin/env node
// Runs every *.test.ts under server/, electron/, renderer/, scripts/ and e2e/ with node's test
// runner (e2e/ holds the real-CLI chat tests; its Playwright specs are *.spec.ts).
// Node 20 cannot glob .ts files itself, so the list is built here. Pass paths to run a subset.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const roots =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ['server', 'electron', 'renderer', 'scripts', 'e2e'];

function collect(entry) {
  if (!statSync(entry, { throwIfNoEntry: false })) return [];
  if (statSync(entry).isFile()) return [entry];
  return readdirSync(entry, { withFileTypes: true }).flatMap((child) => {
    if (child.name === 'node_modules' || child.name.startsWith('.')) return [];
    const full = path.join(entry, child.name);
    if (child.isDirectory()) return collect(full);
    return /\.test\.tsx?$/.test(child.name) ? [full] : [];
  });
}

const files = roots.flatMap(collect);
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  // Every server a test starts checks each response it sends against its schema. Terminals and
  // scripts run in a plain POSIX login shell: a developer's own shell profile must not decide
  // whether a test passes (pyenv's rehash, killed mid-way, leaves a lock every later bash waits on).
  { stdio: 'inherit', env: { ...process.env, GROVE_CHECK_RESPONSES: '1', SHELL: '/bin/sh' } },
);
process.exit(result.status ?? 1);
