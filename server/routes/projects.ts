import { z } from 'zod';
import { CreateProject, Project, UpdateProject } from '../contract/index.js';
import { route, type AnyRoute } from '../http/route.js';
import type { Services } from './services.js';

const tag = 'Projects';

export function projectRoutes({ projects }: Services): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/projects',
      tag,
      summary: 'List registered projects',
      response: z.array(Project),
      handler: () => projects.list(),
    }),
    route({
      method: 'post',
      path: '/api/projects',
      tag,
      summary: 'Register an existing git repository as a project (adds its base worktree)',
      body: CreateProject,
      response: Project,
      status: 201,
      errors: ['not-a-git-repo', 'already-exists'],
      handler: ({ body }) => projects.create(body),
    }),
    route({
      method: 'get',
      path: '/api/projects/:projectId',
      tag,
      summary: 'Get a project',
      response: Project,
      errors: ['not-found'],
      handler: ({ params }) => projects.get(params.projectId ?? ''),
    }),
    route({
      method: 'patch',
      path: '/api/projects/:projectId',
      tag,
      summary: 'Rename a project or change the defaults its sessions inherit',
      body: UpdateProject,
      response: Project,
      errors: ['not-found'],
      handler: ({ params, body }) => projects.update(params.projectId ?? '', body),
    }),
    route({
      method: 'delete',
      path: '/api/projects/:projectId',
      tag,
      summary: 'Unregister a project; the repository on disk is not touched',
      status: 204,
      errors: ['not-found'],
      handler: ({ params }) => projects.remove(params.projectId ?? ''),
    }),
  ];
}
