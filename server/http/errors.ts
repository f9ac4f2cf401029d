import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import { ERROR_STATUS, type ErrorBody } from '../contract/index.js';
import { GroveError } from '../errors.js';
import { StorageWriteError } from '../store/durable-file.js';

/** The HTTP status a domain error travels with: the one place codes meet statuses. */
export function statusOf(error: GroveError): number {
  return ERROR_STATUS[error.code];
}

/** Turn the first zod issue into a 400 that names the field, e.g. "name: must not be empty". */
export function fromZodError(error: ZodError, where: string): GroveError {
  const issue = error.issues[0];
  if (!issue) return new GroveError('invalid-request', `Invalid ${where}.`);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const field = [...issue.path, key].join('.');
    return new GroveError('invalid-request', `${field}: unknown field.`, field);
  }
  const field = issue.path.join('.');
  const message = isMissing(issue) ? 'is required' : issue.message;
  return field
    ? new GroveError('invalid-request', `${field}: ${message}.`, field)
    : new GroveError('invalid-request', `Invalid ${where}: ${message}.`);
}

/**
 * zod 4 leaves `input` out of issues unless parsing asked for it (route.ts does), so a value of
 * the wrong type must not be taken for a missing one; without `input`, zod's own words decide.
 */
function isMissing(issue: ZodError['issues'][number]): boolean {
  if (issue.code !== 'invalid_type') return false;
  return 'input' in issue ? issue.input === undefined : /received undefined$/.test(issue.message);
}

/**
 * body-parser reports its failures with a `type`; other http-errors (a bad gzip body, a path
 * that is not valid percent-encoding) carry only a 4xx `status`. Both are the client's fault.
 */
function fromHttpError(error: {
  type?: string;
  message?: string;
  status?: unknown;
}): GroveError | null {
  switch (error.type) {
    case 'entity.parse.failed':
      return new GroveError('invalid-json', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new GroveError('payload-too-large', 'The request body is too large.');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new GroveError('unsupported-media-type', error.message ?? 'Unsupported encoding.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new GroveError('invalid-request', 'The request body could not be read.');
  }
  const status = typeof error.status === 'number' ? error.status : 0;
  if (status === 413) return new GroveError('payload-too-large', 'The request body is too large.');
  if (status === 415)
    return new GroveError('unsupported-media-type', error.message ?? 'Unsupported media type.');
  if (status >= 400 && status < 500) {
    const detail = (error.message ?? 'malformed').replace(/\.$/, '');
    return new GroveError('invalid-request', `The request could not be read: ${detail}.`);
  }
  return null;
}

/** What each system error code means for the user, in plain words. */
const STORAGE_PROBLEMS: Record<string, string> = {
  ENOSPC: "the disk holding Grove's data is full",
  EDQUOT: "the disk quota for Grove's data is used up",
  EROFS: "the disk holding Grove's data is read-only",
  EIO: "the disk holding Grove's data reported an input/output error",
  EACCES: 'Grove has no permission to write to its data folder',
  EPERM: 'Grove has no permission to write to its data folder',
  ENOENT: "Grove's data folder is missing",
};

/** A save that did not reach the disk: 507 when space ran out, 503 for any other failure. */
export function fromStorageError(error: StorageWriteError): GroveError {
  const full = error.code === 'ENOSPC' || error.code === 'EDQUOT';
  const problem =
    STORAGE_PROBLEMS[error.code] ?? `writing to Grove's data folder failed (${error.code})`;
  const remedy = full
    ? 'Free some space, then try again.'
    : "Check the disk and the data folder's permissions, then try again.";
  return new GroveError(
    full ? 'storage-full' : 'storage-unavailable',
    `Nothing was saved: ${problem}. ${remedy}`,
  );
}

export function errorBody(error: GroveError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
      ...(error.files ? { files: [...error.files] } : {}),
    },
  };
}

export function sendError(res: Response, error: GroveError): void {
  res.status(statusOf(error)).json(errorBody(error));
}

export function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const known =
      error instanceof GroveError
        ? error
        : error instanceof StorageWriteError
          ? fromStorageError(error)
          : error instanceof ZodError
            ? fromZodError(error, 'request')
            : typeof error === 'object' && error !== null
              ? fromHttpError(error)
              : null;
    if (known) {
      sendError(res, known);
      return;
    }
    log(`Grove API: unexpected error: ${(error as Error)?.stack ?? String(error)}`);
    sendError(res, new GroveError('internal', 'Something went wrong inside Grove; see its log.'));
  };
}
