import { z } from 'zod';
import { BranchList } from '../folders.js';
import { CreateProject, Project, UpdateProject } from '../projects.js';
import { defineEndpoints } from './define.js';

const tag = 'Projects';

export const projectEndpoints = defineEndpoints({
  listProjects: {
    method: 'get',
    path: '/api/projects',
    tag,
    summary: 'List registered projects',
    response: z.array(Project),
    errors: [],
  },
  createProject: {
    method: 'post',
    path: '/api/projects',
    tag,
    summary:
      'Register an existing git repository as a project (adds its base worktree); `init` makes the folder one first',
    body: CreateProject,
    response: Project,
    status: 201,
    errors: ['not-a-git-repo', 'folder-not-found', 'already-exists', 'git-not-found', 'git-failed'],
  },
  getProject: {
    method: 'get',
    path: '/api/projects/:projectId',
    tag,
    summary: 'Get a project',
    response: Project,
    errors: ['not-found'],
  },
  updateProject: {
    method: 'patch',
    path: '/api/projects/:projectId',
    tag,
    summary: 'Rename a project or change the defaults its sessions inherit',
    body: UpdateProject,
    response: Project,
    errors: ['not-found'],
  },
  listProjectBranches: {
    method: 'get',
    path: '/api/projects/:projectId/branches',
    tag,
    summary: "The repository's local and remote-tracking branches, for picking a base branch",
    response: BranchList,
    errors: ['not-found', 'git-failed', 'git-not-found'],
  },
  deleteProject: {
    method: 'delete',
    path: '/api/projects/:projectId',
    tag,
    summary: 'Unregister a project; the repository on disk is not touched',
    errors: ['not-found'],
  },
});
