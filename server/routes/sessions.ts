import { sessionEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const sessionRoutes = ({ sessions }: Services) =>
  implement(sessionEndpoints, {
    listSessions: ({ params, query }) =>
      sessions.list(params.worktreeId, query.include_archived === 'true'),
    createSession: ({ params, body }) => sessions.create(params.worktreeId, body),
    reorderSessions: ({ params, body }) => sessions.reorder(params.worktreeId, body.session_ids),
    getSession: ({ params }) => sessions.getWithMessages(params.sessionId),
    listMessages: ({ params, query }) =>
      sessions.messagePage(params.sessionId, query.before, query.limit),
    updateSession: ({ params, body }) => sessions.update(params.sessionId, body),
    archiveSession: ({ params }) => sessions.setArchived(params.sessionId, true),
    unarchiveSession: ({ params }) => sessions.setArchived(params.sessionId, false),
    deleteSession: ({ params }) => sessions.remove(params.sessionId),
  });
