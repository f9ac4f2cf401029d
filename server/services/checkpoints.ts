import type { RestoreResult, TurnCheckpoint, TurnDiff } from '../contract/index.js';
import { GroveError } from '../errors.js';
import {
  CHECKPOINT_REFS,
  changedPaths,
  createRefs,
  deleteRefs,
  listRefs,
  restoreWorkTree,
  saveCheckpoint,
  workTreeTree,
} from '../git/checkpoints.js';
import { readDiffBetween } from '../git/diff.js';
import type { ServiceContext } from './context.js';
import type { SessionsService } from './sessions.js';
import type { WorktreesService } from './worktrees.js';

export type CheckpointSide = 'before' | 'after';

/** Where a turn's checkpoint is kept: refs/grove/checkpoints/<session>/<run>/<side>. */
export function checkpointRef(sessionId: string, runId: string, side: CheckpointSide): string {
  return `${CHECKPOINT_REFS}/${sessionId}/${runId}/${side}`;
}

/**
 * Per-turn snapshots of a session's worktree: taken as each turn starts and ends, compared to show
 * what a turn changed, and restored to undo it. Git commits under Grove's own refs, so neither the
 * user's index nor their stash is touched, and deleting the session drops them.
 */
export class CheckpointService {
  constructor(
    private readonly context: ServiceContext,
    private readonly sessions: SessionsService,
    private readonly worktrees: WorktreesService,
    private readonly isRunning: (sessionId: string) => boolean,
  ) {}

  /** Snapshot the worktree for a turn; a failure is logged, never a reason to fail the turn. */
  async take(sessionId: string, runId: string, side: CheckpointSide): Promise<void> {
    try {
      const dir = this.dirOf(sessionId);
      await saveCheckpoint(
        dir,
        checkpointRef(sessionId, runId, side),
        `Grove checkpoint ${side} turn ${runId}`,
      );
    } catch (error) {
      this.context.log(`Grove: no ${side} checkpoint for turn ${runId}: ${String(error)}`);
    }
  }

  /** The session's turns, oldest first, each with the checkpoints it has. */
  async list(sessionId: string): Promise<TurnCheckpoint[]> {
    const dir = this.dirOf(sessionId);
    const refs = await listRefs(dir, `${CHECKPOINT_REFS}/${sessionId}/`);
    const messages = await this.context.store.readMessages(sessionId);
    return messages
      .filter((message) => message.role === 'user' && message.run_id)
      .map((message) => {
        const runId = message.run_id as string;
        return {
          run_id: runId,
          message_id: message.id,
          before: refs.get(checkpointRef(sessionId, runId, 'before')) ?? null,
          after: refs.get(checkpointRef(sessionId, runId, 'after')) ?? null,
        };
      })
      .filter((turn) => turn.before !== null);
  }

  async diff(sessionId: string, runId: string): Promise<TurnDiff> {
    const turn = await this.turn(sessionId, runId);
    // A turn still running (or cut off) is compared with the work tree as it is now.
    const after = turn.after ?? (await workTreeTree(this.dirOf(sessionId)));
    return {
      run_id: runId,
      files: await readDiffBetween(this.dirOf(sessionId), turn.before, after),
    };
  }

  /**
   * Put the files back as they were before the turn. Changes made since the session's newest
   * checkpoint (by hand, or by another tool) are the user's own: restoring over them is refused,
   * naming them, unless forced.
   */
  async restore(sessionId: string, runId: string, force: boolean): Promise<RestoreResult> {
    if (this.isRunning(sessionId)) {
      throw new GroveError(
        'session-busy',
        'The agent is working in this session; cancel or wait for the turn to end first.',
      );
    }
    const dir = this.dirOf(sessionId);
    const turns = await this.list(sessionId);
    const turn = turns.find((item) => item.run_id === runId);
    if (!turn?.before) throw noCheckpoint(runId);
    if (!force) {
      const newest = turns.at(-1);
      const latest = newest?.after ?? newest?.before ?? turn.before;
      const current = await workTreeTree(dir);
      const changedSince = await changedPaths(dir, latest, current);
      const touched = await changedPaths(dir, current, turn.before);
      const lost = [...touched].filter((file) => changedSince.has(file)).sort();
      if (lost.length > 0) {
        throw new GroveError(
          'checkpoint-would-lose-work',
          `Restoring would overwrite changes made since the last turn: ${lost.slice(0, 20).join(', ')}${lost.length > 20 ? ', …' : ''}. Commit or copy them first, or restore with force.`,
        );
      }
    }
    const restored = await restoreWorkTree(dir, turn.before);
    return { restored_paths: restored };
  }

  /**
   * A fork's copied turns keep their run ids; their checkpoints are the source's commits, given
   * refs of the fork's own so they outlive the source session.
   */
  async copy(sourceId: string, forkId: string, runIds: ReadonlySet<string>): Promise<void> {
    try {
      const dir = this.dirOf(sourceId);
      const refs = await listRefs(dir, `${CHECKPOINT_REFS}/${sourceId}/`);
      const copies = new Map<string, string>();
      for (const runId of runIds) {
        for (const side of ['before', 'after'] as const) {
          const commit = refs.get(checkpointRef(sourceId, runId, side));
          if (commit) copies.set(checkpointRef(forkId, runId, side), commit);
        }
      }
      await createRefs(dir, copies);
    } catch (error) {
      this.context.log(`Grove: the fork ${forkId} has no checkpoints: ${String(error)}`);
    }
  }

  /** Drop the checkpoints of sessions about to be deleted (while their worktrees are known). */
  async prune(sessionIds: readonly string[]): Promise<void> {
    for (const sessionId of sessionIds) {
      try {
        const dir = this.repositoryOf(sessionId);
        if (!dir) continue;
        const refs = await listRefs(dir, `${CHECKPOINT_REFS}/${sessionId}/`);
        await deleteRefs(dir, refs.keys());
      } catch (error) {
        this.context.log(
          `Grove: could not remove the checkpoints of session ${sessionId}: ${String(error)}`,
        );
      }
    }
  }

  private async turn(
    sessionId: string,
    runId: string,
  ): Promise<TurnCheckpoint & { before: string }> {
    const turn = (await this.list(sessionId)).find((item) => item.run_id === runId);
    if (!turn?.before) throw noCheckpoint(runId);
    return { ...turn, before: turn.before };
  }

  private dirOf(sessionId: string): string {
    return this.worktrees.get(this.sessions.get(sessionId).worktree_id).path;
  }

  /** The project's own checkout: checkpoint refs are shared by all its worktrees, and it stays. */
  private repositoryOf(sessionId: string): string | null {
    const session = this.context.store.findSession(sessionId);
    const worktree =
      session && this.context.store.worktrees.find((item) => item.id === session.worktree_id);
    const project =
      worktree && this.context.store.projects.find((item) => item.id === worktree.project_id);
    return project?.path ?? null;
  }
}

function noCheckpoint(runId: string): GroveError {
  return new GroveError('not-found', `No checkpoint for turn ${runId} in this session.`);
}
