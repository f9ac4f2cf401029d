import type { UpdateRequest } from '../contract/index.js';
import { GroveError } from '../errors.js';
import { throwIfNoIdentity } from './commit.js';
import { conflictedFiles } from './merge.js';
import { gitFailure, runGit } from './run.js';

export interface UpdateOutcome {
  outcome: 'updated' | 'up-to-date' | 'conflicts';
  conflicts: string[];
}

/**
 * Bring the base branch into the worktree by merge or rebase. On a conflict, abort (the worktree
 * goes back to where it was) unless `keep_conflicts` leaves it for the user or the agent.
 */
export async function updateFromBase(
  dir: string,
  baseBranch: string,
  behind: number,
  request: UpdateRequest,
): Promise<UpdateOutcome> {
  if (behind === 0) return { outcome: 'up-to-date', conflicts: [] };
  const args =
    request.strategy === 'rebase'
      ? ['rebase', '--quiet', baseBranch]
      : ['merge', '--no-edit', '--quiet', baseBranch];
  const result = await runGit(dir, args);
  if (result.code === 0) return { outcome: 'updated', conflicts: [] };
  const conflicts = await conflictedFiles(dir);
  if (conflicts.length > 0 && request.keep_conflicts) return { outcome: 'conflicts', conflicts };
  await runGit(dir, [request.strategy === 'rebase' ? 'rebase' : 'merge', '--abort']);
  throwIfNoIdentity(result);
  if (conflicts.length === 0) throw gitFailure(args, result);
  throw new GroveError(
    'merge-conflict',
    `Updating from "${baseBranch}" conflicts in ${conflicts.join(', ')}; the update was undone. Try again keeping the conflicts to resolve them.`,
    undefined,
    conflicts,
  );
}
