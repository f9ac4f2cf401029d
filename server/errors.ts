import type { ErrorCode } from './contract/index.js';

/**
 * A failure the domain reports in the contract's own words: a kebab-case code, a sentence, and
 * the field at fault if any. Services, git, the store and chat throw it; only `http/` knows which
 * status each code travels with.
 */
export class GroveError extends Error {
  override name = 'GroveError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** The files at fault, for a client to list: a merge's conflicts, files in a merge's way. */
    readonly files?: readonly string[],
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string): GroveError =>
  new GroveError('not-found', `No ${what} with id ${id}.`);

/** Whether `error` is a GroveError carrying `code`. */
export function hasErrorCode(error: unknown, code: ErrorCode): error is GroveError {
  return error instanceof GroveError && error.code === code;
}
