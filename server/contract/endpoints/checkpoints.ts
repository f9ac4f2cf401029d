import { CheckpointList, RestoreCheckpoint, RestoreResult, TurnDiff } from '../checkpoints.js';
import { defineEndpoints } from './define.js';

const tag = 'Checkpoints';

/** Snapshots of the worktree taken before and after each turn of a session. */
export const checkpointEndpoints = defineEndpoints({
  listCheckpoints: {
    method: 'get',
    path: '/api/sessions/:sessionId/checkpoints',
    tag,
    summary: "A session's turns with the worktree checkpoints taken before and after each",
    response: CheckpointList,
    errors: ['not-found', 'git-failed', 'git-not-found'],
  },
  getTurnDiff: {
    method: 'get',
    path: '/api/sessions/:sessionId/checkpoints/:runId/diff',
    tag,
    summary:
      'What one turn changed in the worktree: the diff from its before to its after checkpoint',
    response: TurnDiff,
    errors: ['not-found', 'git-failed', 'git-not-found'],
  },
  restoreCheckpoint: {
    method: 'post',
    path: '/api/sessions/:sessionId/checkpoints/:runId/restore',
    tag,
    summary:
      "Put the worktree's files back as they were before a turn (the index is left alone); refused when that would overwrite changes made since the session's last checkpoint, unless forced",
    body: RestoreCheckpoint,
    optionalBody: true,
    response: RestoreResult,
    errors: [
      'not-found',
      'session-busy',
      'checkpoint-would-lose-work',
      'git-failed',
      'git-not-found',
    ],
  },
});
