import { ForkSession, Session } from '../sessions.js';
import { defineEndpoints } from './define.js';

const tag = 'Sessions';

export const forkEndpoints = defineEndpoints({
  forkSession: {
    method: 'post',
    path: '/api/sessions/:sessionId/fork',
    tag,
    summary:
      "Fork a session at one of its messages: a new session in the same worktree with the conversation up to that message. Forked at its end, the CLI's own conversation is forked too (Claude --fork-session, Codex thread/fork, OpenCode session fork); from earlier, the agent gets the history as context. Copied turns keep their checkpoints. A turn still running cannot be forked (409 session-busy); the turns before it can",
    body: ForkSession,
    response: Session,
    status: 201,
    errors: ['not-found', 'session-busy'],
  },
});
