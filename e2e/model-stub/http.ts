// Small node:http helpers: body reading, JSON replies, and an SSE writer that notices when the
// client (a cancelled CLI) goes away.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync, brotliDecompressSync, inflateSync } from 'node:zlib';

export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let raw = Buffer.concat(chunks);
  const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
  if (encoding === 'gzip') raw = gunzipSync(raw);
  else if (encoding === 'br') raw = brotliDecompressSync(raw);
  else if (encoding === 'deflate') raw = inflateSync(raw);
  const text = raw.toString('utf8');
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'request-id': `req_stub_${Date.now().toString(36)}`,
    // Errors: Anthropic/OpenAI SDK clients skip their own retries; OpenCode's session retry
    // loop (5 retries on 5xx) waits 10 ms instead of seconds.
    ...(status >= 400 ? { 'x-should-retry': 'false', 'retry-after-ms': '10' } : {}),
  });
  res.end(text);
}

export class SseWriter {
  private gone = false;

  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'request-id': `req_stub_${Date.now().toString(36)}`,
    });
    res.flushHeaders();
    res.on('close', () => {
      this.gone = true;
    });
  }

  /** True once the client disconnected (e.g. the CLI was cancelled). */
  get closed(): boolean {
    return this.gone || this.res.destroyed;
  }

  send(event: string, data: Record<string, unknown>): void {
    if (this.closed) return;
    this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    if (!this.closed) this.res.end();
  }
}

export type Headers = Record<string, string | string[] | undefined>;

export function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
