import type {
  ApprovePlan,
  BackendInfo,
  CreateProject,
  CreateSession,
  CreateWorktree,
  ErrorBody,
  MessagePage,
  Preferences,
  PreferencesPatch,
  Project,
  SendMessageResult,
  Session,
  SessionWithMessages,
  UpdateProject,
  UpdateSession,
  UpdateWorktree,
  Worktree,
} from '@contract';
import type { Connection } from './connection.js';

/** A failed call: the server's error envelope, or `network` when Grove could not be reached. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

let connection: Connection | null = null;

export function setApiConnection(next: Connection | null): void {
  connection = next;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  if (!connection) throw new ApiError(0, 'not-connected', 'Grove is not connected yet.');
  const { baseUrl, token } = connection;
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', `Grove is not reachable at ${baseUrl}. Is it still running?`);
  }
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : null;
  if (!response.ok) {
    const error = isErrorBody(parsed) ? parsed.error : null;
    throw new ApiError(
      response.status,
      error?.code ?? `http-${response.status}`,
      error?.message ?? `Grove answered ${response.status} ${response.statusText}.`,
      error?.field,
    );
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'message' in error;
}

const enc = encodeURIComponent;

/** Every endpoint the renderer uses, typed by the server's contract. */
export const api = {
  health: () => request<{ ok: boolean; version: string }>('GET', '/api/health'),

  listProjects: () => request<Project[]>('GET', '/api/projects'),
  createProject: (body: CreateProject) => request<Project>('POST', '/api/projects', body),
  updateProject: (id: string, body: UpdateProject) =>
    request<Project>('PATCH', `/api/projects/${enc(id)}`, body),
  deleteProject: (id: string) => request<null>('DELETE', `/api/projects/${enc(id)}`),

  listWorktrees: (projectId: string) =>
    request<Worktree[]>('GET', `/api/projects/${enc(projectId)}/worktrees?include_archived=true`),
  createWorktree: (projectId: string, body: CreateWorktree) =>
    request<Worktree>('POST', `/api/projects/${enc(projectId)}/worktrees`, body),
  getWorktree: (id: string) => request<Worktree>('GET', `/api/worktrees/${enc(id)}`),
  updateWorktree: (id: string, body: UpdateWorktree) =>
    request<Worktree>('PATCH', `/api/worktrees/${enc(id)}`, body),
  archiveWorktree: (id: string) => request<Worktree>('POST', `/api/worktrees/${enc(id)}/archive`),
  unarchiveWorktree: (id: string) =>
    request<Worktree>('POST', `/api/worktrees/${enc(id)}/unarchive`),
  deleteWorktree: (id: string, options: { force: boolean; deleteBranch: boolean }) =>
    request<null>(
      'DELETE',
      `/api/worktrees/${enc(id)}?force=${String(options.force)}&delete_branch=${String(options.deleteBranch)}`,
    ),

  listSessions: (worktreeId: string) =>
    request<Session[]>('GET', `/api/worktrees/${enc(worktreeId)}/sessions?include_archived=true`),
  createSession: (worktreeId: string, body: CreateSession) =>
    request<Session>('POST', `/api/worktrees/${enc(worktreeId)}/sessions`, body),
  reorderSessions: (worktreeId: string, sessionIds: string[]) =>
    request<Session[]>('POST', `/api/worktrees/${enc(worktreeId)}/sessions/reorder`, {
      session_ids: sessionIds,
    }),
  getSession: (id: string) => request<SessionWithMessages>('GET', `/api/sessions/${enc(id)}`),
  updateSession: (id: string, body: UpdateSession) =>
    request<Session>('PATCH', `/api/sessions/${enc(id)}`, body),
  archiveSession: (id: string) => request<Session>('POST', `/api/sessions/${enc(id)}/archive`),
  unarchiveSession: (id: string) => request<Session>('POST', `/api/sessions/${enc(id)}/unarchive`),
  deleteSession: (id: string) => request<null>('DELETE', `/api/sessions/${enc(id)}`),
  messagePage: (id: string, options: { before?: string; limit: number }) =>
    request<MessagePage>(
      'GET',
      `/api/sessions/${enc(id)}/messages?limit=${options.limit}${options.before ? `&before=${enc(options.before)}` : ''}`,
    ),

  sendMessage: (id: string, content: string) =>
    request<SendMessageResult>('POST', `/api/sessions/${enc(id)}/messages`, { content }),
  removeQueued: (id: string, messageId: string) =>
    request<null>('DELETE', `/api/sessions/${enc(id)}/queue/${enc(messageId)}`),
  cancelRun: (id: string) =>
    request<{ cancelled: boolean }>('POST', `/api/sessions/${enc(id)}/cancel`),
  approvePlan: (id: string, body: ApprovePlan) =>
    request<SendMessageResult>('POST', `/api/sessions/${enc(id)}/approve-plan`, body),

  getPreferences: () => request<Preferences>('GET', '/api/preferences'),
  updatePreferences: (body: PreferencesPatch) =>
    request<Preferences>('PATCH', '/api/preferences', body),
  listBackends: () => request<BackendInfo[]>('GET', '/api/backends'),
  regenerateToken: () => request<{ token: string }>('POST', '/api/token/regenerate'),
};

/** The message to show for any failure, in plain words. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The same failure with its message put in plain words; the status, code and field are kept. */
export function reworded(
  error: unknown,
  describe: (code: string, message: string) => string,
): unknown {
  if (!(error instanceof ApiError)) return error;
  return new ApiError(error.status, error.code, describe(error.code, error.message), error.field);
}
