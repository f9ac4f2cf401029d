// A small keep-alive HTTP load generator for `npm run bench` (autocannon is not a dependency).
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationMs: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  /** Status codes seen, so a figure made of errors is never mistaken for a fast answer. */
  statuses: Record<number, number>;
}

/** `connections` loops, each sending its next request as soon as the previous one is read. */
export async function measureThroughput(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const statuses: Record<number, number> = {};
  let requests = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const loop = async () => {
    while (performance.now() < deadline) {
      const status = await requestOnce(options.url, options.headers ?? {}, agent);
      statuses[status] = (statuses[status] ?? 0) + 1;
      requests++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { requestsPerSecond: requests / seconds, requests, statuses };
}

function requestOnce(url: string, headers: Record<string, string>, agent: http.Agent) {
  return new Promise<number>((resolve, reject) => {
    const request = http.get(url, { headers, agent }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}
