import { z } from 'zod';

/** Every Grove entity is addressed by a UUID; anything else in a path is rejected before lookup. */
export const Id = z.uuid();

/** Unix timestamp in seconds, as the Sessions API spec uses. */
export const Timestamp = z.number().int().nonnegative();

export const ExecutionMode = z.enum(['plan', 'build', 'yolo']);
export type ExecutionMode = z.infer<typeof ExecutionMode>;

export const ThinkingLevel = z.enum(['off', 'think', 'megathink', 'ultrathink']);
export type ThinkingLevel = z.infer<typeof ThinkingLevel>;

export const Backend = z.enum(['claude', 'codex', 'opencode']);
export type Backend = z.infer<typeof Backend>;

export const BACKENDS = Backend.options;

/**
 * Limits for every string a client can store. Bounded so one bad request cannot bloat the
 * catalog (every later write fsyncs it, every event sends it to every client).
 */
export const LIMITS = {
  name: 120,
  model: 200,
  branch: 200,
  /** Linux PATH_MAX. */
  path: 4096,
  /** A message to an agent: about 50,000 words. */
  messageContent: 200_000,
  /** Messages waiting for a session's run: each is saved with the session, up to 200,000 characters. */
  queuedMessages: 20,
} as const;

/**
 * Control characters (NUL, newlines, escapes) and the bidi controls (U+202A-U+202E, U+2066-U+2069,
 * marks) that let text display as something other than what it is.
 */
const NO_HIDDEN_CHARACTERS = /^[^\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]*$/u;
const HIDDEN_CHARACTERS_MESSAGE = 'must not contain control characters or bidi overrides';

/** A single-line string a client stores and others display: visible characters only. */
export const PlainText = (max: number) =>
  z
    .string()
    .regex(NO_HIDDEN_CHARACTERS, HIDDEN_CHARACTERS_MESSAGE)
    .trim()
    .max(max, `must be at most ${max} characters`);

/** A display name: trimmed, non-empty, visible characters only, at most 120 characters. */
export const Name = PlainText(LIMITS.name).min(1, 'must not be empty');

export const ModelName = PlainText(LIMITS.model).min(1, 'must not be empty');

/** A file-system path as given: bounded, visible characters only (no NUL or newline tricks). */
export const PathText = z
  .string()
  .regex(NO_HIDDEN_CHARACTERS, HIDDEN_CHARACTERS_MESSAGE)
  .min(1, 'must not be empty')
  .max(LIMITS.path, `must be at most ${LIMITS.path} characters`);

/** Absolute on any platform; relative paths would resolve against the server's folder. */
export const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
