import type { Preferences, Project, Session, Worktree } from '@contract';
import { api, ApiError } from '../api/client.js';
import { useMessagesStore } from '../stores/messages.js';
import { usePreferencesStore } from '../stores/preferences.js';
import { useProjectsStore } from '../stores/projects.js';
import { useSessionsStore } from '../stores/sessions.js';
import { useWorktreesStore } from '../stores/worktrees.js';

export interface Snapshot {
  projects: Project[];
  worktrees: Worktree[];
  sessions: Record<string, Session[]>;
  preferences: Preferences;
}

/** A parent deleted while we were listing its children: it simply has none. */
async function orEmpty<T>(promise: Promise<T[]>): Promise<T[]> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return [];
    throw error;
  }
}

/** Everything the app shows, fetched fresh (first load, or after the server asked for a resync). */
export async function fetchSnapshot(): Promise<Snapshot> {
  const [projects, preferences] = await Promise.all([
    api.call('listProjects'),
    api.call('getPreferences'),
  ]);
  const worktrees = (
    await Promise.all(
      projects.map((project) =>
        orEmpty(api.call('listWorktrees', { projectId: project.id }, { include_archived: 'true' })),
      ),
    )
  ).flat();
  const lists = await Promise.all(
    worktrees.map(
      async (worktree) =>
        [
          worktree.id,
          await orEmpty(
            api.call('listSessions', { worktreeId: worktree.id }, { include_archived: 'true' }),
          ),
        ] as const,
    ),
  );
  return { projects, worktrees, sessions: Object.fromEntries(lists), preferences };
}

/** Replace every store's server data with the snapshot. Histories reload when shown. */
export function applySnapshot(snapshot: Snapshot): void {
  useProjectsStore.getState().reset(snapshot.projects);
  useWorktreesStore.getState().reset(snapshot.worktrees);
  useSessionsStore.setState({ byId: {}, byWorktree: {} });
  useSessionsStore.getState().resetWorktrees(snapshot.sessions);
  useMessagesStore.getState().clear();
  usePreferencesStore.getState().setPreferences(snapshot.preferences);
}
