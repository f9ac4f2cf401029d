import { MessagePage, MessagePageQuery } from '../messages.js';
import {
  CreateSession,
  ListSessionsQuery,
  ReorderSessions,
  Session,
  SessionList,
  SessionWithMessages,
  UpdateSession,
} from '../sessions.js';
import { defineEndpoints } from './define.js';

const tag = 'Sessions';

export const sessionEndpoints = defineEndpoints({
  listSessions: {
    method: 'get',
    path: '/api/worktrees/:worktreeId/sessions',
    tag,
    summary: "List a worktree's sessions in tab order (archived ones with ?include_archived=true)",
    query: ListSessionsQuery,
    response: SessionList,
    errors: ['not-found'],
  },
  createSession: {
    method: 'post',
    path: '/api/worktrees/:worktreeId/sessions',
    tag,
    summary:
      'Create a session; name, model, thinking level and backend default from the project, then global preferences',
    body: CreateSession,
    optionalBody: true,
    response: Session,
    status: 201,
    errors: ['not-found'],
  },
  reorderSessions: {
    method: 'post',
    path: '/api/worktrees/:worktreeId/sessions/reorder',
    tag,
    summary: 'Set the tab order of sessions',
    body: ReorderSessions,
    response: SessionList,
    errors: ['not-found'],
  },
  getSession: {
    method: 'get',
    path: '/api/sessions/:sessionId',
    tag,
    summary: 'Get a session with its full message history (oldest first)',
    response: SessionWithMessages,
    errors: ['not-found'],
  },
  listMessages: {
    method: 'get',
    path: '/api/sessions/:sessionId/messages',
    tag,
    summary:
      'Page through history: the `limit` messages before message `before` (default: the newest), or from index `offset` on',
    query: MessagePageQuery,
    response: MessagePage,
    errors: ['not-found'],
  },
  updateSession: {
    method: 'patch',
    path: '/api/sessions/:sessionId',
    tag,
    summary: 'Update name, execution_mode, model, thinking_level or backend',
    body: UpdateSession,
    response: Session,
    errors: ['not-found'],
  },
  archiveSession: {
    method: 'post',
    path: '/api/sessions/:sessionId/archive',
    tag,
    summary: 'Archive a session (soft delete; idempotent)',
    response: Session,
    errors: ['not-found'],
  },
  unarchiveSession: {
    method: 'post',
    path: '/api/sessions/:sessionId/unarchive',
    tag,
    summary: 'Restore an archived session',
    response: Session,
    errors: ['not-found'],
  },
  deleteSession: {
    method: 'delete',
    path: '/api/sessions/:sessionId',
    tag,
    summary:
      'Delete a session and its whole message history permanently (stops a running agent first)',
    errors: ['not-found'],
  },
});
