#!/usr/bin/env node
// `npm run serve`: build the server and the renderer when they are missing or older than their
// sources, then start Grove headless. Arguments are passed through (--port, --host, --data-dir,
// --token-file), except a secret: `--token T` goes to the child as GROVE_TOKEN, because any local
// user can read a process's command line.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isStale(output, sources) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  const modified = (source) =>
    statSync(source).isDirectory() ? newestMtime(source) : statSync(source).mtimeMs;
  return sources.some((source) => existsSync(source) && modified(source) > built);
}

function build(label, script) {
  process.stderr.write(`Grove: building the ${label}…\n`);
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const at = (...parts) => path.join(root, ...parts);
if (isStale(at('dist', 'server', 'main.js'), [at('server'), at('package.json')]))
  build('server', 'build:server');
if (isStale(at('dist', 'renderer', 'index.html'), [at('renderer'), at('server', 'contract')])) {
  build('renderer', 'build:renderer');
}

/** The arguments without `--token T` / `--token=T`, and the token they carried. */
function withoutToken(args) {
  const kept = [];
  let token;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--') {
      kept.push(...args.slice(index));
      break;
    }
    if (arg === '--token' && index + 1 < args.length) {
      token = args[(index += 1)];
    } else if (arg.startsWith('--token=')) {
      token = arg.slice('--token='.length);
    } else kept.push(arg);
  }
  return { kept, token };
}

const { kept, token } = withoutToken(process.argv.slice(2));
if (token !== undefined) {
  process.stderr.write(
    'Grove: warning: --token puts the token where every local user can read it (/proc/<pid>/cmdline, ps); ' +
      'use --token-file FILE or GROVE_TOKEN instead.\n',
  );
}
// A 4 MB young generation: V8 grows it to 32 MB at start and never gives it back, which alone
// kept the server over its 150 MB budget; request throughput measured the same (npm run bench
// starts the server with the same flag).
const child = spawn(
  process.execPath,
  ['--max-semi-space-size=4', at('dist', 'server', 'main.js'), ...kept],
  {
    stdio: 'inherit',
    env: token === undefined ? process.env : { ...process.env, GROVE_TOKEN: token },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
