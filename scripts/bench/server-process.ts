// The Grove server as its own process, so the bench measures the server's CPU and RSS alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const builtMain = path.join(root, 'dist', 'bench', 'server', 'main.js');

/**
 * The server compiled to plain JS (as the app ships), so start-up time and memory are the
 * server's own and not tsx's. esbuild transpiles file by file in about a second.
 */
export async function buildServer(): Promise<void> {
  const { build } = await import('esbuild');
  const entries = (await readdir(path.join(root, 'server'), { recursive: true }))
    .filter(
      (file) =>
        file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.startsWith('test-support'),
    )
    .map((file) => path.join(root, 'server', file));
  await build({
    entryPoints: entries,
    outdir: path.join(root, 'dist', 'bench'),
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
}

export interface ServerProcess {
  url: string;
  token: string;
  pid: number;
  /** ms from spawn to the "listening" line (node's own start-up included). */
  readyMs: number;
  rssMb(): Promise<number>;
  stop(): Promise<void>;
}

/** How `npm run serve` starts the server (scripts/serve.mjs says why). */
const SERVE_NODE_ARGS = ['--max-semi-space-size=4'];

export async function startServerProcess(
  dataDir: string,
  nodeArgs: string[] = SERVE_NODE_ARGS,
): Promise<ServerProcess> {
  const tokenFile = path.join(dataDir, '..', `bench-token-${path.basename(dataDir)}`);
  const token = 'bench-token-0123456789abcdef0123456789abcdef';
  await writeFile(tokenFile, token, { mode: 0o600 });
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [...nodeArgs, builtMain, '--port', '0', '--data-dir', dataDir, '--token-file', tokenFile],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await listeningUrl(child);
  const readyMs = Date.now() - started;
  const pid = child.pid ?? 0;
  return {
    url,
    token,
    pid,
    readyMs,
    rssMb: async () => {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    stop: () => stopChild(child),
  };
}

export function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
}

/** One of the reference servers (scripts/bench/reference-server.ts) sending `file`'s bytes. */
export async function startReferenceServer(
  kind: 'bare' | 'express',
  file: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts', 'bench', 'reference-server.ts'), kind, file],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await listeningUrl(child);
  return { url, stop: () => stopChild(child) };
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
