import { request, type IncomingMessage } from 'node:http';
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
        // A throw here would be uncaught (it runs in an event handler) and end Grove's server.
        try {
          resolve(toResponse(incoming));
        } catch (error) {
          incoming.destroy();
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
    );
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

/** Statuses a `Response` refuses a body for. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Throws what `new Response` throws for an answer it cannot represent (a status of 600, say). */
function toResponse(incoming: IncomingMessage): Response {
  const status = incoming.statusCode ?? 502;
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    for (const item of [value ?? []].flat()) headers.append(name, item);
  }
  const bodiless = NULL_BODY_STATUSES.has(status);
  const response = new Response(
    bodiless ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>),
    { status, statusText: incoming.statusMessage ?? '', headers },
  );
  if (bodiless) incoming.resume();
  return response;
}
