import { projectEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const projectRoutes = ({ projects }: Services) =>
  implement(projectEndpoints, {
    listProjects: () => [...projects.list()],
    createProject: ({ body }) => projects.create(body),
    getProject: ({ params }) => projects.get(params.projectId),
    updateProject: ({ params, body }) => projects.update(params.projectId, body),
    listProjectBranches: ({ params }) => projects.branches(params.projectId),
    deleteProject: ({ params }) => projects.remove(params.projectId),
  });
