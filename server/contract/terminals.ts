import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/** `setup`, `run` and `teardown` come from grove.json; `shell` is the user's own login shell. */
export const TerminalKind = z.enum(['shell', 'setup', 'run', 'teardown']);
export type TerminalKind = z.infer<typeof TerminalKind>;

export const Terminal = z
  .object({
    id: Id,
    worktree_id: Id,
    kind: TerminalKind,
    title: z.string(),
    pid: z.number().int().nullable(),
    status: z.enum(['running', 'exited']),
    exit_code: z.number().int().nullable(),
    cols: z.number().int().positive(),
    rows: z.number().int().positive(),
    created_at: Timestamp,
  })
  .meta({ id: 'Terminal' });
export type Terminal = z.infer<typeof Terminal>;

const Cols = z.number().int().min(2).max(1000);
const Rows = z.number().int().min(1).max(500);

export const CreateTerminal = z
  .strictObject({
    /** `run` starts the worktree's run script (the same as `POST …/run`). */
    kind: z.enum(['shell', 'run']).optional(),
    cols: Cols.optional(),
    rows: Rows.optional(),
  })
  .meta({ id: 'CreateTerminal' });
export type CreateTerminal = z.infer<typeof CreateTerminal>;

export const ResizeTerminal = z
  .strictObject({ cols: Cols, rows: Rows })
  .meta({ id: 'ResizeTerminal' });
export type ResizeTerminal = z.infer<typeof ResizeTerminal>;

/** One command, or several run in order (stopping at the first that fails). */
export const Script = z.union([
  z.string().trim().min(1, 'must not be empty').max(10_000),
  z.array(z.string().trim().min(1, 'must not be empty').max(10_000)).min(1).max(100),
]);
export type Script = z.infer<typeof Script>;

export const ScriptNames = ['setup', 'run', 'teardown'] as const;
export type ScriptName = (typeof ScriptNames)[number];

export const Scripts = z.strictObject({
  setup: Script.optional(),
  run: Script.optional(),
  teardown: Script.optional(),
});
export type Scripts = z.infer<typeof Scripts>;

/** `grove.json` in the repository root. */
export const GroveConfig = z.strictObject({ scripts: Scripts.optional() });
export type GroveConfig = z.infer<typeof GroveConfig>;

/** Project settings: a script here wins over grove.json; null hands it back to the file. */
export const UpdateProjectScripts = z
  .strictObject({
    setup: Script.nullable().optional(),
    run: Script.nullable().optional(),
    teardown: Script.nullable().optional(),
  })
  .meta({ id: 'UpdateProjectScripts' });
export type UpdateProjectScripts = z.infer<typeof UpdateProjectScripts>;

export const ProjectScripts = z
  .object({
    /** What grove.json says, or null when there is none (or it is invalid). */
    file: Scripts.nullable(),
    /** Why grove.json could not be used, or null. */
    file_error: z.string().nullable(),
    overrides: Scripts,
    effective: Scripts,
  })
  .meta({ id: 'ProjectScripts' });
export type ProjectScripts = z.infer<typeof ProjectScripts>;

export const WorktreeSetup = z.object({
  status: z.enum(['running', 'succeeded', 'failed']),
  exit_code: z.number().int().nullable(),
  finished_at: Timestamp.nullable(),
  /** Why it failed before or without an exit code (an invalid grove.json, Grove quitting). */
  error: z.string().nullable().optional(),
});
export type WorktreeSetup = z.infer<typeof WorktreeSetup>;
