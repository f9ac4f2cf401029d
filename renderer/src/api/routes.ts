import type { Endpoints, OperationId, RouteOf } from '@contract';

/**
 * Each operation's method and path. The renderer takes only types from the server, so the strings
 * are spelled out here, but each entry's type is the server table's own literal: a missing, extra
 * or changed route does not compile.
 */
export const ROUTES: { readonly [Id in OperationId]: RouteOf<Endpoints[Id]> } = {
  getHealth: 'GET /api/health',
  getOpenApi: 'GET /api/openapi.json',
  listProjects: 'GET /api/projects',
  createProject: 'POST /api/projects',
  getProject: 'GET /api/projects/:projectId',
  updateProject: 'PATCH /api/projects/:projectId',
  deleteProject: 'DELETE /api/projects/:projectId',
  listWorktrees: 'GET /api/projects/:projectId/worktrees',
  createWorktree: 'POST /api/projects/:projectId/worktrees',
  getWorktree: 'GET /api/worktrees/:worktreeId',
  updateWorktree: 'PATCH /api/worktrees/:worktreeId',
  archiveWorktree: 'POST /api/worktrees/:worktreeId/archive',
  unarchiveWorktree: 'POST /api/worktrees/:worktreeId/unarchive',
  deleteWorktree: 'DELETE /api/worktrees/:worktreeId',
  listSessions: 'GET /api/worktrees/:worktreeId/sessions',
  createSession: 'POST /api/worktrees/:worktreeId/sessions',
  reorderSessions: 'POST /api/worktrees/:worktreeId/sessions/reorder',
  getSession: 'GET /api/sessions/:sessionId',
  updateSession: 'PATCH /api/sessions/:sessionId',
  archiveSession: 'POST /api/sessions/:sessionId/archive',
  unarchiveSession: 'POST /api/sessions/:sessionId/unarchive',
  deleteSession: 'DELETE /api/sessions/:sessionId',
  listMessages: 'GET /api/sessions/:sessionId/messages',
  sendMessage: 'POST /api/sessions/:sessionId/messages',
  removeQueuedMessage: 'DELETE /api/sessions/:sessionId/queue/:messageId',
  cancelRun: 'POST /api/sessions/:sessionId/cancel',
  approvePlan: 'POST /api/sessions/:sessionId/approve-plan',
  getPreferences: 'GET /api/preferences',
  updatePreferences: 'PATCH /api/preferences',
  listBackends: 'GET /api/backends',
  regenerateToken: 'POST /api/token/regenerate',
  listAllTerminals: 'GET /api/terminals',
  listTerminals: 'GET /api/worktrees/:worktreeId/terminals',
  createTerminal: 'POST /api/worktrees/:worktreeId/terminals',
  resizeTerminal: 'POST /api/terminals/:terminalId/resize',
  deleteTerminal: 'DELETE /api/terminals/:terminalId',
  startRunScript: 'POST /api/worktrees/:worktreeId/run',
  stopRunScript: 'POST /api/worktrees/:worktreeId/run/stop',
  getProjectScripts: 'GET /api/projects/:projectId/scripts',
  updateProjectScripts: 'PATCH /api/projects/:projectId/scripts',
};
