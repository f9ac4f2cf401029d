import type { GroveEvent, Project } from '@contract';
import { create } from 'zustand';
import {
  appendUnique,
  defined,
  indexById,
  without,
  withItem,
  withoutKeys,
} from '../lib/collection.js';

interface ProjectsState {
  byId: Record<string, Project>;
  /** Sidebar order: the order the server lists them in (registration order). */
  order: string[];
  reset(projects: readonly Project[]): void;
  upsert(project: Project): void;
  /** Add a project the API just returned, unless an event already brought it (maybe newer). */
  insert(project: Project): void;
  patch(projectId: string, updates: Partial<Project>): void;
  remove(projectId: string): void;
}

export const useProjectsStore = create<ProjectsState>()((set) => ({
  byId: {},
  order: [],
  reset: (projects) => set({ byId: indexById(projects), order: projects.map((p) => p.id) }),
  upsert: (project) =>
    set((state) => ({
      byId: withItem(state.byId, project.id, project),
      order: appendUnique(state.order, project.id),
    })),
  insert: (project) => {
    if (!useProjectsStore.getState().byId[project.id]) useProjectsStore.getState().upsert(project);
  },
  patch: (projectId, updates) =>
    set((state) => {
      const current = state.byId[projectId];
      if (!current) return {};
      return { byId: withItem(state.byId, projectId, { ...current, ...defined(updates) }) };
    }),
  remove: (projectId) =>
    set((state) => ({
      byId: withoutKeys(state.byId, [projectId]),
      order: without(state.order, [projectId]),
    })),
}));

export function applyProjectEvent(event: GroveEvent): void {
  const store = useProjectsStore.getState();
  switch (event.event) {
    case 'project-created':
      store.upsert(event.data.project);
      break;
    case 'project-updated':
      store.patch(event.data.project_id, event.data.updates);
      break;
    case 'project-deleted':
      store.remove(event.data.project_id);
      break;
    default:
      break;
  }
}
