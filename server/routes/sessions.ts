import { sessionEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const sessionRoutes = ({ sessions, sessionReads }: Services) =>
  implement(sessionEndpoints, {
    listSessions: ({ params, query }) =>
      sessionReads.list(params.worktreeId, query.include_archived === 'true'),
    createSession: ({ params, body }) => sessions.create(params.worktreeId, body),
    reorderSessions: ({ params, body }) => sessions.reorder(params.worktreeId, body.session_ids),
    getSession: ({ params }) => sessionReads.get(params.sessionId),
    listMessages: ({ params, query }) => sessionReads.page(params.sessionId, query),
    updateSession: ({ params, body }) => sessions.update(params.sessionId, body),
    archiveSession: ({ params }) => sessions.setArchived(params.sessionId, true),
    unarchiveSession: ({ params }) => sessions.setArchived(params.sessionId, false),
    deleteSession: ({ params }) => sessions.remove(params.sessionId),
  });
