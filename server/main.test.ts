import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { removeDir, tempDir } from './test-support/harness.js';

const mainScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');

interface Cli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm run serve`'s server as a real child process (through tsx, as in development). */
function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Cli {
  const inherited = { ...process.env };
  for (const name of Object.keys(inherited)) if (name.startsWith('GROVE_')) delete inherited[name];
  const child = spawn(process.execPath, ['--import', 'tsx', mainScript, ...args], {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** Resolves with the first two stdout lines once the server has announced itself. */
async function banner(cli: Cli, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const lines = cli.stdout().split('\n');
    if (lines.length >= 3) return lines.slice(0, 2);
    if (cli.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no banner; stdout=${cli.stdout()} stderr=${cli.stderr()}`);
}

/** A failure is one line on stderr (no stack trace) and exit code 1. */
async function assertOneLineFailure(cli: Cli, pattern: RegExp): Promise<void> {
  const { code } = await cli.exit;
  assert.equal(code, 1, `exit code; stderr=${cli.stderr()}`);
  const lines = cli.stderr().trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${cli.stderr()}`);
  assert.match(lines[0] ?? '', pattern);
  assert.doesNotMatch(cli.stderr(), /\n\s+at /, 'no stack trace');
  assert.equal(cli.stdout(), '', 'nothing announced on stdout');
}

describe('the headless CLI (server/main.ts)', { concurrency: true }, () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  after(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(dirs.map(removeDir));
  });
  const dataDir = async () => {
    const dir = await tempDir('grove-cli-');
    dirs.push(dir);
    return dir;
  };
  const start = (args: string[], env?: NodeJS.ProcessEnv) => {
    const cli = startCli(args, env);
    children.push(cli.child);
    return cli;
  };

  test('announces its URL and token file, serves, refuses a second process on its data dir, and exits 0 on SIGTERM', async () => {
    const dir = await dataDir();
    const cli = start(['--port', '0', '--data-dir', dir]);
    const [listening, tokenLine] = await banner(cli);
    const match = /^Grove API listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(listening ?? '');
    assert.ok(match, `first line: ${listening}`);
    const port = Number(match[1]);
    assert.ok(port > 0);
    assert.ok(
      tokenLine?.includes(path.join(dir, 'token')),
      `second line names the token file: ${tokenLine}`,
    );
    assert.equal(((await stat(path.join(dir, 'token'))).mode & 0o777).toString(8), '600');

    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    assert.equal(health.status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${port}/api/projects`)).status, 401);

    // A second process on the same data dir (given through GROVE_* this time): one clear line
    // about the lock, exit 1.
    const second = start([], { GROVE_PORT: '0', GROVE_DATA_DIR: dir });
    await assertOneLineFailure(second, /^Grove: Another Grove process \(pid \d+\) is using /);

    cli.child.kill('SIGTERM');
    const { code, signal } = await cli.exit;
    assert.equal(signal, null);
    assert.equal(code, 0, `clean exit; stderr=${cli.stderr()}`);
    await assert.rejects(
      stat(path.join(dir, 'grove.lock')),
      { code: 'ENOENT' },
      'the lock is released',
    );
  });

  test('a port already in use is one clear line and exit code 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const cli = start(['--port', String(port), '--data-dir', await dataDir()]);
      await assertOneLineFailure(
        cli,
        new RegExp(`^Grove: Port ${port} on 127\\.0\\.0\\.1 is already in use`),
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('--help prints the options (the token only through --token-file or GROVE_TOKEN) and exits 0', async () => {
    const cli = start(['--help']);
    const { code } = await cli.exit;
    assert.equal(code, 0, cli.stderr());
    assert.match(cli.stdout(), /--token-file FILE/);
    assert.match(cli.stdout(), /GROVE_TOKEN/);
    assert.doesNotMatch(cli.stdout(), /--token /);
  });

  test('an unknown flag is one clear line and exit code 1', async () => {
    const cli = start(['--bogus', '--data-dir', await dataDir()]);
    await assertOneLineFailure(cli, /^Grove: .*'--bogus'/);
  });
});
