import { z } from 'zod';
import {
  ABSOLUTE_PATH,
  Backend,
  ExecutionMode,
  ModelName,
  PathText,
  ThinkingLevel,
} from './common.js';

/** Relative paths would resolve against wherever the server happened to start. */
const AbsolutePath = PathText.regex(ABSOLUTE_PATH, 'must be an absolute path');

/** The app's colours: the system's choice, or always light, or always dark. */
export const Theme = z.enum(['system', 'light', 'dark']).meta({ id: 'Theme' });
export type Theme = z.infer<typeof Theme>;

/** The sidebar's width in pixels: narrow enough to leave the chat room, wide enough for names. */
export const SIDEBAR_WIDTH = { min: 180, max: 480, default: 264 } as const;

/** The sidebar as the user left it: shown or collapsed, and how wide. */
export const SidebarLayout = z
  .object({
    width: z.number().int().min(SIDEBAR_WIDTH.min).max(SIDEBAR_WIDTH.max),
    collapsed: z.boolean(),
  })
  .meta({ id: 'SidebarLayout' });
export type SidebarLayout = z.infer<typeof SidebarLayout>;

export const DEFAULT_SIDEBAR: SidebarLayout = { width: SIDEBAR_WIDTH.default, collapsed: false };

const PerBackend = <T extends z.ZodType>(value: T) =>
  z.object({ claude: value, codex: value, opencode: value });

export const Preferences = z
  .object({
    default_backend: Backend,
    default_models: PerBackend(ModelName),
    default_execution_mode: ExecutionMode,
    default_thinking_level: ThinkingLevel,
    /** Explicit CLI paths; null means "find it on PATH". */
    cli_paths: PerBackend(z.string().min(1).nullable()),
    /** Where new worktrees go; null means a `<repo>-worktrees` folder beside each repository. */
    worktrees_dir: AbsolutePath.nullable(),
    /** The GitHub CLI for pull requests; null (or absent in older data) means "find gh on PATH". */
    gh_path: z.string().min(1).nullable().optional(),
    /** Absent in older data, which means "system". */
    theme: Theme.optional(),
    /** Absent in older data, which means shown at the default width. */
    sidebar: SidebarLayout.optional(),
  })
  .meta({ id: 'Preferences' });
export type Preferences = z.infer<typeof Preferences>;

export const PreferencesPatch = z
  .strictObject({
    default_backend: Backend,
    default_models: PerBackend(ModelName).partial().strict(),
    default_execution_mode: ExecutionMode,
    default_thinking_level: ThinkingLevel,
    cli_paths: PerBackend(PathText.nullable()).partial().strict(),
    worktrees_dir: AbsolutePath.nullable(),
    gh_path: PathText.nullable(),
    theme: Theme,
    sidebar: SidebarLayout.partial().strict(),
  })
  .partial()
  .meta({ id: 'PreferencesPatch' });
export type PreferencesPatch = z.infer<typeof PreferencesPatch>;

export const DEFAULT_PREFERENCES: Preferences = {
  default_backend: 'claude',
  default_models: { claude: 'sonnet', codex: 'gpt-5.5', opencode: 'anthropic/claude-sonnet-4-5' },
  default_execution_mode: 'plan',
  default_thinking_level: 'off',
  cli_paths: { claude: null, codex: null, opencode: null },
  worktrees_dir: null,
  theme: 'system',
  sidebar: DEFAULT_SIDEBAR,
};
