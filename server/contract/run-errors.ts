import { z } from 'zod';

/**
 * Why a run failed, as `run-failed` and a failed message's `error` carry it. The first group
 * comes from the agent CLIs' own output (server/agents), the second from Grove running them
 * (server/chat). Stable and kebab-case so a client can offer a fix; the words travel in `message`.
 */
export const RUN_ERROR_CODES = [
  'not-logged-in',
  'model-not-found',
  'rate-limited',
  'session-not-found',
  'max-turns',
  'budget-exceeded',
  'cancelled',
  'api-error',
  'cli-crashed',
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
