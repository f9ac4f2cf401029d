#!/usr/bin/env node
// Mutation testing with StrykerJS: each module is mutated one change at a time and its own tests
// run against every mutant. Slow, so not part of `npm test` or CI.
//
//   npm run test:mutation                       every module
//   npm run test:mutation -- store security     some modules
//   npm run test:mutation -- --since main       only files changed since main (vs. merge base)
//   npm run test:mutation -- sessions --lines 240-260,270-280
//                                               only mutants on those lines (re-checking survivors)
//
// Reports: test-results/mutation/<module>.html, and a survivor list per module on stdout.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Stryker } from '@stryker-mutator/core';

/**
 * Each module: the files mutated, and its tests in stages, quickest first. A mutant that fails a
 * stage is killed without running the later ones.
 */
const MODULES = {
  store: {
    mutate: [
      'server/store/durable-file.ts',
      'server/store/json-document.ts',
      'server/store/group-commit.ts',
      'server/store/transcript.ts',
      'server/keyed-queue.ts',
    ],
    // The SIGKILL test (crash.test.ts) stays in the unit suite: it is too slow to run per mutant.
    stages: [
      [
        'server/store/durable-file.test.ts',
        'server/store/json-document-failures.test.ts',
        'server/store/transcript.test.ts',
        'server/store/transcript-failures.test.ts',
        'server/keyed-queue.test.ts',
      ],
      [
        'server/store/folder-sync-failure.test.ts',
        'server/store/store-durability.test.ts',
        'server/store/store-migrations.test.ts',
        'server/store/write-failure.test.ts',
      ],
      ['server/store/crash-simulation.test.ts'],
    ],
  },
  // The session shards (a snapshot and a log per worktree), apart so their own tests run first.
  shard: {
    mutate: [
      'server/store/session-shard.ts',
      'server/store/shard-changes.ts',
      'server/store/shard-log-entries.ts',
      'server/store/line-file.ts',
    ],
    stages: [
      [
        'server/store/session-shard.test.ts',
        'server/store/session-shard-log.test.ts',
        'server/store/session-shard-compaction.test.ts',
        'server/store/session-shard-shapes.test.ts',
        'server/store/line-file.test.ts',
      ],
      [
        'server/store/transcript.test.ts',
        'server/store/transcript-failures.test.ts',
        'server/store/store-durability.test.ts',
        'server/store/store-migrations.test.ts',
        'server/store/write-failure.test.ts',
      ],
      ['server/store/crash-simulation.test.ts'],
    ],
  },
  security: {
    mutate: ['server/http/security.ts'],
    stages: [['server/http/security-anchors.test.ts'], ['server/http/security.test.ts']],
  },
  sessions: {
    mutate: ['server/services/sessions.ts'],
    stages: [
      ['server/services/sessions-service.test.ts', 'server/services/sessions-status.test.ts'],
      [
        'server/services/sessions.test.ts',
        'server/services/sessions-validation.test.ts',
        'server/services/sessions-defaults.test.ts',
        'server/services/sessions-events.test.ts',
        'server/services/sessions-history.test.ts',
      ],
    ],
  },
  'run-outcome': {
    mutate: ['server/chat/run-outcome.ts'],
    stages: [['server/chat/run-outcome.test.ts']],
  },
  approvals: {
    mutate: ['server/chat/approval-policy.ts', 'server/chat/approvals.ts'],
    stages: [
      ['server/chat/approval-policy.test.ts', 'server/chat/approval-broker.test.ts'],
      ['server/chat/approvals-lifecycle.test.ts', 'server/chat/approvals.test.ts'],
    ],
  },
  'claude-parser': {
    mutate: [
      'server/agents/claude/parser.ts',
      'server/agents/claude/streamed-usage.ts',
      'server/agents/claude/plan.ts',
    ],
    stages: [
      [
        'server/agents/claude/streamed-usage.test.ts',
        'server/agents/claude/plan.test.ts',
        'server/agents/claude/parser-errors.test.ts',
        'server/agents/claude/parser-cost.test.ts',
        'server/agents/claude/parser.test.ts',
      ],
    ],
  },
  'claude-driver': {
    mutate: [
      'server/agents/claude/driver.ts',
      'server/agents/claude/approval-ask.ts',
      'server/agents/claude/control.ts',
    ],
    stages: [['server/agents/claude/control.test.ts', 'server/agents/claude/driver.test.ts']],
  },
  codex: {
    mutate: [
      'server/agents/codex/items.ts',
      'server/agents/codex/approvals.ts',
      'server/agents/codex/driver.ts',
      'server/agents/codex/server-requests.ts',
    ],
    stages: [
      ['server/agents/codex/items.test.ts', 'server/agents/codex/approval-ask.test.ts'],
      [
        'server/agents/codex/driver.test.ts',
        'server/agents/codex/driver-resume.test.ts',
        'server/agents/codex/driver-kept.test.ts',
        'server/agents/codex/approvals.test.ts',
      ],
    ],
  },
  opencode: {
    mutate: ['server/agents/opencode/events.ts', 'server/agents/opencode/approvals.ts'],
    stages: [
      [
        'server/agents/opencode/events.test.ts',
        'server/agents/opencode/events-mapping.test.ts',
        'server/agents/opencode/approval-ask.test.ts',
      ],
      ['server/agents/opencode/approvals.test.ts'],
    ],
  },
  'message-bucket': {
    mutate: ['renderer/src/lib/message-bucket.ts'],
    stages: [
      ['renderer/src/lib/message-bucket-live.test.ts', 'renderer/src/lib/message-bucket.test.ts'],
    ],
  },
};

const ROOT = process.cwd();
const OUT = path.resolve('test-results/mutation');
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/**
 * `--since <ref>`: only files changed since ref; `--only <text>`: only files whose path has it;
 * `--lines <from-to,…>`: only mutants on those lines of each file.
 */
function parseArgs(argv) {
  const options = { since: null, only: null, lines: null };
  const names = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--since' || arg === '--only' || arg === '--lines') {
      const value = argv[++index];
      if (!value) throw new Error(`${arg} needs a value, e.g. --since main`);
      options[arg.slice(2)] = value;
    } else if (arg in MODULES) names.push(arg);
    else throw new Error(`unknown module ${arg}; one of ${Object.keys(MODULES)}`);
  }
  return { ...options, names: names.length > 0 ? names : Object.keys(MODULES) };
}

/** Files that differ from where this branch left `ref` (committed or not). */
function changedSince(ref) {
  const base = execFileSync('git', ['merge-base', ref, 'HEAD'], { encoding: 'utf8' }).trim();
  const out = execFileSync('git', ['diff', '--name-only', base], { encoding: 'utf8' });
  return new Set(out.split('\n').filter(Boolean));
}

/** One shell command: each stage's test files in one process (see mutation-entry.mjs). */
function testCommand(stages) {
  return stages
    .map(
      (tests) =>
        `node --import tsx --test-reporter=dot scripts/mutation-entry.mjs ${tests.join(' ')}`,
    )
    .join(' && ');
}

async function mutate(name, files, stages) {
  const results = await new Stryker({
    testRunner: 'command',
    commandRunner: { command: testCommand(stages) },
    mutate: files,
    concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 3),
    timeoutMS: 60_000,
    reporters: ['html', 'json', 'progress-append-only'],
    htmlReporter: { fileName: `${OUT}/${name}.html` },
    jsonReporter: { fileName: `${OUT}/${name}.json` },
    tempDirName: `${OUT}/.stryker-tmp-${name}`,
    ignorePatterns: ['/dist', '/build', '/docs', '/e2e', '/release', '/test-results'],
    logLevel: 'warn',
    fileLogLevel: 'off',
  }).runMutationTest();
  return results;
}

function summarize(name, results) {
  const lines = [];
  const byFile = new Map();
  for (const result of results) {
    const file = path.relative(ROOT, result.fileName);
    const counts = byFile.get(file) ?? { detected: 0, undetected: 0 };
    if (DETECTED.has(result.status)) counts.detected += 1;
    if (UNDETECTED.has(result.status)) {
      counts.undetected += 1;
      const { line, column } = result.location.start;
      const replacement = (result.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80);
      lines.push(`  survived ${file}:${line}:${column} ${result.mutatorName}: ${replacement}`);
    }
    byFile.set(file, counts);
  }
  const scores = [...byFile].map(([file, { detected, undetected }]) => {
    const total = detected + undetected;
    const score = total === 0 ? 100 : (100 * detected) / total;
    return `  ${file}: ${score.toFixed(1)}% (${detected}/${total} mutants detected)`;
  });
  const text = [`${name}`, ...scores, ...lines].join('\n');
  writeFileSync(`${OUT}/${name}.txt`, `${text}\n`);
  return text;
}

/** Stryker's `file:from-to` form, once per range, so a re-run mutates only those lines. */
function withLines(files, lines) {
  if (!lines) return files;
  return files.flatMap((file) => lines.split(',').map((range) => `${file}:${range}`));
}

const { since, only, lines, names } = parseArgs(process.argv.slice(2));
const changed = since ? changedSince(since) : null;
mkdirSync(OUT, { recursive: true });
let ran = 0;
for (const name of names) {
  const module = MODULES[name];
  const files = module.mutate.filter(
    (file) => (!changed || changed.has(file)) && (!only || file.includes(only)),
  );
  if (files.length === 0) continue;
  const testFiles = module.stages.flat();
  const missing = [...files, ...testFiles].filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`${name}: missing ${missing.join(', ')}`);
  ran += 1;
  const narrowed = [only, lines].filter(Boolean).join('-');
  const report = narrowed ? `${name}-${narrowed.replace(/\W+/g, '-')}` : name;
  console.log(summarize(report, await mutate(report, withLines(files, lines), module.stages)));
}
if (ran === 0) console.log(since ? `No mutated module changed since ${since}.` : 'Nothing to do.');
