import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { ServerFrame } from '../contract/index.js';
import { createServer, type GroveServer, type ServerOptions } from '../server.js';
import { gitIn } from './git.js';

/** A temp folder removed by `cleanup`. */
export async function tempDir(prefix = 'grove-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** A real git repository with one commit on `main`. */
export async function makeRepo(parent?: string): Promise<string> {
  const dir = path.join(parent ?? (await tempDir('grove-repo-')), 'repo');
  gitIn(path.dirname(dir), 'init', '-q', '-b', 'main', dir);
  gitIn(dir, 'config', 'user.email', 'test@example.com');
  gitIn(dir, 'config', 'user.name', 'Grove Test');
  await writeFile(path.join(dir, 'README.md'), '# test repo\n');
  gitIn(dir, 'add', '.');
  gitIn(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

export interface TestServer {
  server: GroveServer;
  dataDir: string;
  api: ApiClient;
  close(): Promise<void>;
}

/** The real server on port 0 over a fresh data dir. */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await tempDir('grove-data-'));
  const logs: string[] = [];
  const server = await createServer({
    port: 0,
    dataDir,
    log: (line) => logs.push(line),
    ...options,
  });
  return {
    server,
    dataDir,
    api: new ApiClient(server.url, server.token),
    close: () => server.close(),
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** A tiny fetch wrapper: JSON in, JSON out, the bearer token set. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  async request<T = any>(
    method: string,
    pathname: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    };
    const response = await fetch(`${this.baseUrl}${pathname}`, init);
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    return {
      status: response.status,
      body: (isJson && text ? JSON.parse(text) : text || null) as T,
    };
  }

  get<T = any>(pathname: string) {
    return this.request<T>('GET', pathname);
  }
  post<T = any>(pathname: string, body?: unknown) {
    return this.request<T>('POST', pathname, body);
  }
  patch<T = any>(pathname: string, body: unknown) {
    return this.request<T>('PATCH', pathname, body);
  }
  delete<T = any>(pathname: string) {
    return this.request<T>('DELETE', pathname);
  }
}

/** A WebSocket client that records every frame and can wait for one. */
export class EventRecorder {
  readonly frames: ServerFrame[] = [];
  private waiters: {
    match: (frame: ServerFrame) => boolean;
    resolve: (frame: ServerFrame) => void;
  }[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as ServerFrame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.match(frame)) return true;
        waiter.resolve(frame);
        return false;
      });
    });
  }

  static async connect(server: GroveServer, query = ''): Promise<EventRecorder> {
    const socket = new WebSocket(
      `${server.url.replace('http', 'ws')}/ws?token=${server.token}${query}`,
    );
    const recorder = new EventRecorder(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await recorder.waitFor((frame) => frame.event === 'hello' || frame.event === 'resync-required');
    return recorder;
  }

  events(name?: string): ServerFrame[] {
    return this.frames.filter(
      (frame) => frame.event !== 'hello' && (name === undefined || frame.event === name),
    );
  }

  waitFor(match: (frame: ServerFrame) => boolean, timeoutMs = 10_000): Promise<ServerFrame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('timed out waiting for a WebSocket frame')),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      });
    });
  }

  waitForEvent(name: string, timeoutMs?: number): Promise<ServerFrame> {
    return this.waitFor((frame) => frame.event === name, timeoutMs);
  }

  close(): void {
    this.socket.close();
  }
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
