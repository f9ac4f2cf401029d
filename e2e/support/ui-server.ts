import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const launcher = path.join(repoRoot, 'e2e', 'support', 'ui-server-main.ts');
const serveScript = path.join(repoRoot, 'scripts', 'serve.mjs');

/**
 * How the server is started: by default the server's own `createServer` under tsx, serving the
 * renderer copy made by the global setup; with GROVE_UI_SERVER=serve, exactly `npm run serve`
 * (the built server in dist/, serving dist/renderer).
 */
function command(port: number, dataDir: string): string[] {
  const flags = ['--port', String(port), '--data-dir', dataDir];
  return process.env['GROVE_UI_SERVER'] === 'serve'
    ? [serveScript, ...flags]
    : ['--import', 'tsx', launcher, ...flags];
}

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
}

/** The real server as a child process over a data dir; stop and start it again on the same port. */
export class UiServer {
  private child: ChildProcess | null = null;
  private output = '';
  url = '';
  port = 0;
  token = '';

  constructor(
    readonly dataDir: string,
    private readonly env: NodeJS.ProcessEnv = {},
  ) {}

  /**
   * Start (port 0 picks a free one; a restart passes the previous port) and wait for the line that
   * says it listens, or for its exit. No clock of its own: on a loaded machine starting takes what
   * it takes, within the test's timeout. If this process ends first (a test that timed out
   * mid-start, whose fixture never gets to stop it), the server goes with it.
   */
  async start(port = this.port): Promise<void> {
    const child = spawn(process.execPath, command(port, this.dataDir), {
      cwd: repoRoot,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    this.url = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(buffered);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`Grove exited with ${code}:\n${this.output}`)));
    });
    this.port = Number(new URL(this.url).port);
    this.token = (await readFile(path.join(this.dataDir, 'token'), 'utf8')).trim();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start(this.port);
  }

  /** Plain HTTP, as curl would do it. */
  async api<T = any>(method: string, pathname: string, body?: unknown): Promise<ApiResult<T>> {
    const response = await fetch(`${this.url}${pathname}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** Like `api`, but fails the test on anything but a 2xx. */
  async ok<T = any>(method: string, pathname: string, body?: unknown): Promise<T> {
    const result = await this.api<T>(method, pathname, body);
    if (result.status >= 300)
      throw new Error(`${method} ${pathname} → ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  }

  logs(): string {
    return this.output;
  }
}
