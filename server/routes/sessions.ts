import {
  CreateSession,
  ListSessionsQuery,
  MessagePage,
  MessagePageQuery,
  ReorderSessions,
  Session,
  SessionList,
  SessionWithMessages,
  UpdateSession,
} from '../contract/index.js';
import { route, type AnyRoute } from '../http/route.js';
import type { Services } from './services.js';

const tag = 'Sessions';

export function sessionRoutes({ sessions }: Services): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/worktrees/:worktreeId/sessions',
      tag,
      summary:
        "List a worktree's sessions in tab order (archived ones with ?include_archived=true)",
      query: ListSessionsQuery,
      response: SessionList,
      errors: ['not-found'],
      handler: ({ params, query }) =>
        sessions.list(params.worktreeId ?? '', query.include_archived === 'true'),
    }),
    route({
      method: 'post',
      path: '/api/worktrees/:worktreeId/sessions',
      tag,
      summary:
        'Create a session; name, model, thinking level and backend default from the project, then global preferences',
      body: CreateSession,
      response: Session,
      status: 201,
      errors: ['not-found'],
      handler: ({ params, body }) => sessions.create(params.worktreeId ?? '', body),
    }),
    route({
      method: 'post',
      path: '/api/worktrees/:worktreeId/sessions/reorder',
      tag,
      summary: 'Set the tab order of sessions',
      body: ReorderSessions,
      response: SessionList,
      errors: ['not-found'],
      handler: ({ params, body }) => sessions.reorder(params.worktreeId ?? '', body.session_ids),
    }),
    route({
      method: 'get',
      path: '/api/sessions/:sessionId',
      tag,
      summary: 'Get a session with its full message history (oldest first)',
      response: SessionWithMessages,
      errors: ['not-found'],
      handler: ({ params }) => sessions.getWithMessages(params.sessionId ?? ''),
    }),
    route({
      method: 'get',
      path: '/api/sessions/:sessionId/messages',
      tag,
      summary:
        'Page through history: the `limit` messages before message `before` (default: the newest)',
      query: MessagePageQuery,
      response: MessagePage,
      errors: ['not-found'],
      handler: ({ params, query }) =>
        sessions.messagePage(params.sessionId ?? '', query.before, query.limit),
    }),
    route({
      method: 'patch',
      path: '/api/sessions/:sessionId',
      tag,
      summary: 'Update name, execution_mode, model, thinking_level or backend',
      body: UpdateSession,
      response: Session,
      errors: ['not-found'],
      handler: ({ params, body }) => sessions.update(params.sessionId ?? '', body),
    }),
    route({
      method: 'post',
      path: '/api/sessions/:sessionId/archive',
      tag,
      summary: 'Archive a session (soft delete; idempotent)',
      response: Session,
      errors: ['not-found'],
      handler: ({ params }) => sessions.setArchived(params.sessionId ?? '', true),
    }),
    route({
      method: 'post',
      path: '/api/sessions/:sessionId/unarchive',
      tag,
      summary: 'Restore an archived session',
      response: Session,
      errors: ['not-found'],
      handler: ({ params }) => sessions.setArchived(params.sessionId ?? '', false),
    }),
    route({
      method: 'delete',
      path: '/api/sessions/:sessionId',
      tag,
      summary:
        'Delete a session and its whole message history permanently (stops a running agent first)',
      status: 204,
      errors: ['not-found'],
      handler: ({ params }) => sessions.remove(params.sessionId ?? ''),
    }),
  ];
}
