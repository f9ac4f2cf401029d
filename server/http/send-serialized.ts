import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { SerializedBody } from '../services/serialized-body.js';

/** Distinguishes this process's ETags from an earlier run's, whose revisions started over. */
const BOOT_ID = randomBytes(6).toString('base64url');

/** Answers 304 when the client already holds this version, the bytes otherwise. */
export function sendSerialized(
  req: Request,
  res: Response,
  status: number,
  body: SerializedBody<unknown>,
): void {
  const etag = `"${BOOT_ID}.${body.version}"`;
  // Clients must revalidate every time: a session changes under them at any moment.
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('ETag', etag);
  if (status === 200 && matchesEtag(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.status(status);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', body.bytes.length);
  res.end(body.bytes);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((candidate) => candidate.trim().replace(/^W\//, ''))
    .some((candidate) => candidate === etag || candidate === '*');
}
