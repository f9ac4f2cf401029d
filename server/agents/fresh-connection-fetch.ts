import { request } from 'node:http';
import { Readable } from 'node:stream';

export interface FreshRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/**
 * `fetch` over a new connection each time. Node's fetch keeps idle connections per origin, and a
 * server that lives for one turn is followed by the next turn's on the same port (OpenCode takes
 * 4096 when it is free): a kept connection would reach the one that is gone (ECONNRESET).
 */
export function fetchOnFreshConnection(url: string, init: FreshRequest): Promise<Response> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: init.method, headers: init.headers, signal: init.signal, agent: false },
      (incoming) => {
        const status = incoming.statusCode ?? 502;
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const item of [value ?? []].flat()) headers.append(name, item);
        }
        // A Response refuses a body for these statuses.
        const bodiless = status === 204 || status === 304;
        if (bodiless) incoming.resume();
        const body = bodiless ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
        resolve(new Response(body, { status, statusText: incoming.statusMessage ?? '', headers }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}
