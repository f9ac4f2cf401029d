import { worktreeEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const worktreeRoutes = ({ worktrees }: Services) =>
  implement(worktreeEndpoints, {
    listWorktrees: ({ params, query }) =>
      worktrees.list(params.projectId, query.include_archived === 'true'),
    createWorktree: ({ params, body }) => worktrees.create(params.projectId, body),
    getWorktree: ({ params }) => worktrees.getWithStatus(params.worktreeId),
    updateWorktree: ({ params, body }) => worktrees.update(params.worktreeId, body),
    archiveWorktree: ({ params }) => worktrees.setArchived(params.worktreeId, true),
    unarchiveWorktree: ({ params }) => worktrees.setArchived(params.worktreeId, false),
    deleteWorktree: ({ params, query }) =>
      worktrees.remove(params.worktreeId, {
        force: query.force === 'true',
        deleteBranch: query.delete_branch === 'true',
      }),
  });
