import { z } from 'zod';
import { Id } from './common.js';
import { FileDiff } from './git.js';

export const TurnCheckpoint = z
  .object({
    run_id: Id,
    /** The user message that started the turn. */
    message_id: Id,
    /** Commits of the work tree (tracked and untracked files) before and after the turn. */
    before: z.string().nullable(),
    after: z.string().nullable(),
  })
  .meta({ id: 'TurnCheckpoint' });
export type TurnCheckpoint = z.infer<typeof TurnCheckpoint>;

export const CheckpointList = z
  .object({ turns: z.array(TurnCheckpoint) })
  .meta({ id: 'CheckpointList' });

export const TurnDiff = z.object({ run_id: Id, files: z.array(FileDiff) }).meta({ id: 'TurnDiff' });
export type TurnDiff = z.infer<typeof TurnDiff>;

export const RestoreCheckpoint = z
  .strictObject({
    force: z
      .boolean()
      .optional()
      .meta({ description: 'Restore even over changes made since the last turn (default false).' }),
  })
  .meta({ id: 'RestoreCheckpoint' });

export const RestoreResult = z
  .object({ restored_paths: z.array(z.string()) })
  .meta({ id: 'RestoreResult' });
export type RestoreResult = z.infer<typeof RestoreResult>;
