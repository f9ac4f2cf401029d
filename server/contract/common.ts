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

/** A display name: trimmed, non-empty, bounded so one bad request cannot bloat the catalog. */
export const Name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(120, 'must be at most 120 characters');

export const ModelName = z.string().trim().min(1, 'must not be empty').max(200);

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
