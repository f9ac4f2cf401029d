import { z } from 'zod';
import {
  ABSOLUTE_PATH,
  Backend,
  Id,
  ModelName,
  Name,
  PathText,
  ThinkingLevel,
  Timestamp,
} from './common.js';
import { Scripts } from './terminals.js';

/** Per-project defaults that sessions inherit before the global preferences. */
export const ProjectDefaults = z.object({
  backend: Backend.nullable(),
  models: z.object({
    claude: ModelName.nullable(),
    codex: ModelName.nullable(),
    opencode: ModelName.nullable(),
  }),
  thinking_level: ThinkingLevel.nullable(),
});
export type ProjectDefaults = z.infer<typeof ProjectDefaults>;

export const Project = z
  .object({
    id: Id,
    name: z.string(),
    path: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
    defaults: ProjectDefaults,
    /** Scripts set in Grove that win over the repository's grove.json. */
    scripts: Scripts.optional(),
  })
  .meta({ id: 'Project' });
export type Project = z.infer<typeof Project>;

export const CreateProject = z
  .strictObject({
    /** Absolute, or under the home folder as `~/…`; relative paths would depend on the server's folder. */
    path: PathText.trim().refine(
      (value) => ABSOLUTE_PATH.test(value) || value === '~' || value.startsWith('~/'),
      'must be an absolute path (or start with ~/)',
    ),
    name: Name.optional(),
    /** Run `git init` first when the folder exists but is not a repository yet. */
    init: z.boolean().optional(),
  })
  .meta({ id: 'CreateProject' });
export type CreateProject = z.infer<typeof CreateProject>;

export const UpdateProject = z
  .strictObject({
    name: Name,
    defaults: z
      .strictObject({
        backend: Backend.nullable(),
        models: z
          .strictObject({
            claude: ModelName.nullable(),
            codex: ModelName.nullable(),
            opencode: ModelName.nullable(),
          })
          .partial(),
        thinking_level: ThinkingLevel.nullable(),
      })
      .partial(),
  })
  .partial()
  .meta({ id: 'UpdateProject' });
export type UpdateProject = z.infer<typeof UpdateProject>;
