import { z } from 'zod';

/**
 * The `code` of every error an agent CLI's own output reports (server/agents). Stable and
 * kebab-case so a client can offer a fix (log in, pick another model, start a fresh
 * conversation); the CLI's own words travel in `message`.
 */
export const AGENT_ERROR_CODES = [
  'not-logged-in',
  'model-not-found',
  'rate-limited',
  'session-not-found',
  'max-turns',
  'budget-exceeded',
  'cancelled',
  'api-error',
  'cli-crashed',
] as const;
export type AgentErrorCode = (typeof AGENT_ERROR_CODES)[number];

/**
 * Why a run failed, as `run-failed` and a failed message's `error` carry it: what the agent CLI
 * reported, or what went wrong in Grove running it (server/chat).
 */
export const RUN_ERROR_CODES = [
  ...AGENT_ERROR_CODES,
  'backend-not-found',
  'backend-failed-to-start',
  'run-failed',
  'record-failed',
  'interrupted',
] as const;
export type RunErrorCode = (typeof RUN_ERROR_CODES)[number];

export const RunError = z
  .object({
    // Validated (and documented) as the union; typed as a string until chat/ and agents/ build
    // their failures from RunErrorCode.
    code: z.enum(RUN_ERROR_CODES) as z.ZodType<string>,
    message: z.string(),
  })
  .meta({ id: 'RunError' });
export type RunError = z.infer<typeof RunError>;
