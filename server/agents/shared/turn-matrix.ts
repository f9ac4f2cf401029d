// Test support (not used at run time): every mode x thinking level x resume combination, so the
// argv tests cover the whole matrix for each backend.
import { ExecutionMode, ThinkingLevel } from '../../contract/index.js';
import { NO_MCP } from './mcp.js';
import type { TurnRequest } from './types.js';

export const MODES = ExecutionMode.options;
export const LEVELS = ThinkingLevel.options;
export const RESUME_IDS = [null, 'resume-id-1'] as const;

export interface TurnCase {
  mode: (typeof MODES)[number];
  level: (typeof LEVELS)[number];
  resumeId: string | null;
}

export function allTurnCases(): TurnCase[] {
  return MODES.flatMap((mode) =>
    LEVELS.flatMap((level) => RESUME_IDS.map((resumeId) => ({ mode, level, resumeId }))),
  );
}

export function turnRequest(overrides: Partial<TurnRequest> = {}): TurnRequest {
  return {
    prompt: 'Why does the parseDate test fail? Fix it.',
    cwd: '/home/dev/acme/.worktrees/fix-date-parse',
    mode: 'plan',
    model: 'model-x',
    thinkingLevel: 'off',
    resumeId: null,
    executable: '/usr/local/bin/agent',
    env: { PATH: '/usr/local/bin:/usr/bin', HOME: '/home/dev', USER_SECRET: 'kept' },
    mcp: NO_MCP,
    runFilesDir: '/home/dev/.grove/transcripts/session.runs',
    ...overrides,
  };
}
