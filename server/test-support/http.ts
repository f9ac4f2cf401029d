import http from 'node:http';
import WebSocket from 'ws';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/**
 * One HTTP request with full control of the headers (fetch will not send a forged Host) and of
 * the raw body bytes.
 */
export function rawRequest(options: {
  port: number;
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: options.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${options.port}`, ...options.headers },
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

export type UpgradeOutcome =
  | { kind: 'open'; socket: WebSocket; protocol: string }
  | { kind: 'rejected'; status: number; body: unknown };

/** Try a WebSocket upgrade; report the HTTP status when the server refuses it. */
export function tryUpgrade(
  url: string,
  options: { headers?: Record<string, string>; origin?: string; protocols?: string[] } = {},
): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], {
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    });
    socket.once('open', () => resolve({ kind: 'open', socket, protocol: socket.protocol }));
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        resolve({ kind: 'rejected', status: response.statusCode ?? 0, body });
      });
    });
    socket.once('error', reject);
  });
}

/** The error code of a `{error:{code,message}}` body, asserting its shape loosely. */
export function errorCode(body: unknown): string | undefined {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string'
    ? error.code
    : undefined;
}
