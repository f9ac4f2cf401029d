import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { GroveError } from '../errors.js';
import { sendError } from './errors.js';

/**
 * Local servers are attacked through the browser: a page on any site can send requests to
 * 127.0.0.1, and DNS rebinding can make it look same-origin. So every request must name one of
 * our own hosts in `Host`, and a browser `Origin`, when present, must be our own.
 */
export interface RequestGuard {
  /** null when the request may go on; otherwise the error to answer with. */
  check(request: IncomingMessage): GroveError | null;
  isTokenValid(candidate: string | undefined): boolean;
  /** Accept only `token` from now on (after the user regenerated it). */
  setToken(token: string): void;
}

export function createRequestGuard(options: {
  host: string;
  port: () => number;
  token: string;
  allowedHosts?: readonly string[];
}): RequestGuard {
  let tokenDigest = digest(options.token);
  const hostNames = () => {
    const names = new Set(['127.0.0.1', 'localhost', '[::1]', ...(options.allowedHosts ?? [])]);
    if (!['0.0.0.0', '::'].includes(options.host)) names.add(bracketIpv6(options.host));
    return [...names].map((name) => `${name}:${options.port()}`.toLowerCase());
  };
  return {
    check(request) {
      const allowed = hostNames();
      const host = (request.headers.host ?? '').toLowerCase();
      if (!allowed.includes(host)) {
        return new GroveError(
          'forbidden-host',
          `Requests must be addressed to Grove's own host, not "${host}".`,
        );
      }
      const origin = request.headers.origin;
      if (
        origin !== undefined &&
        !allowed.some((name) => origin.toLowerCase() === `http://${name}`)
      ) {
        return new GroveError('forbidden-origin', `Requests from ${origin} are not allowed.`);
      }
      return null;
    },
    isTokenValid(candidate) {
      // Comparing fixed-size digests keeps the comparison constant-time whatever the input length.
      return candidate !== undefined && timingSafeEqual(digest(candidate), tokenDigest);
    },
    setToken(token) {
      tokenDigest = digest(token);
    },
  };
}

export function hostGuard(guard: RequestGuard): RequestHandler {
  return (req, res, next) => {
    const error = guard.check(req);
    if (error) sendError(res, error);
    else next();
  };
}

export function bearerAuth(guard: RequestGuard): RequestHandler {
  return (req, res, next) => {
    if (guard.isTokenValid(bearerToken(req.headers.authorization))) {
      next();
      return;
    }
    sendError(
      res,
      new GroveError('unauthorized', 'A valid "Authorization: Bearer <token>" header is required.'),
    );
  };
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function bracketIpv6(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
