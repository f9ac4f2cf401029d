import type { CreateProject, Project } from '@contract';
import { api } from '../api/client.js';
import { useProjectsStore } from '../stores/projects.js';
import { useUiStore } from '../stores/ui.js';
import { applyEvent, localEvent } from '../sync/apply-event.js';
import { renameOptimistically } from './rename.js';
import { loadWorktrees } from './worktrees.js';

/** Register a repository. Its base checkout becomes the selected worktree. */
export async function addProject(input: CreateProject): Promise<Project> {
  const project = await api.call('createProject', input);
  useProjectsStore.getState().insert(project);
  const worktrees = await loadWorktrees(project.id);
  const base = worktrees.find((worktree) => worktree.kind === 'base') ?? worktrees[0];
  if (base) useUiStore.getState().selectWorktree(base.id);
  return project;
}

export async function removeProject(projectId: string): Promise<void> {
  await api.call('deleteProject', { projectId });
  applyEvent(localEvent('project-deleted', { project_id: projectId }));
}

/**
 * Rename a project (only its name in Grove; the folder on disk is untouched): shown at once,
 * confirmed by `project-updated`. A refusal puts the old name back and says why in plain words.
 */
export function renameProject(projectId: string, name: string): Promise<void> {
  return renameOptimistically(
    {
      kind: 'project',
      shownName: () => useProjectsStore.getState().byId[projectId]?.name,
      show: (shown) => useProjectsStore.getState().patch(projectId, { name: shown }),
      save: (saved) => api.call('updateProject', { projectId }, { name: saved }),
    },
    name,
  );
}
