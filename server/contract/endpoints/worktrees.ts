import { z } from 'zod';
import { CreateWorktree, UpdateWorktree, Worktree } from '../worktrees.js';
import { defineEndpoints } from './define.js';

const tag = 'Worktrees';
const flag = z.enum(['true', 'false']).optional();

export const worktreeEndpoints = defineEndpoints({
  listWorktrees: {
    method: 'get',
    path: '/api/projects/:projectId/worktrees',
    tag,
    summary: "List a project's worktrees (archived ones with ?include_archived=true)",
    query: z.strictObject({ include_archived: flag }),
    response: z.array(Worktree),
    errors: ['not-found'],
  },
  createWorktree: {
    method: 'post',
    path: '/api/projects/:projectId/worktrees',
    tag,
    summary: 'Create a worktree with `git worktree add` on a new branch',
    body: CreateWorktree,
    response: Worktree,
    status: 201,
    errors: ['not-found', 'branch-exists', 'path-in-use', 'git-failed', 'git-not-found'],
  },
  getWorktree: {
    method: 'get',
    path: '/api/worktrees/:worktreeId',
    tag,
    summary: 'Get a worktree with its git status (uncommitted changes, ahead/behind base)',
    response: Worktree,
    errors: ['not-found'],
  },
  updateWorktree: {
    method: 'patch',
    path: '/api/worktrees/:worktreeId',
    tag,
    summary: 'Rename a worktree',
    body: UpdateWorktree,
    response: Worktree,
    errors: ['not-found'],
  },
  archiveWorktree: {
    method: 'post',
    path: '/api/worktrees/:worktreeId/archive',
    tag,
    summary: 'Archive a worktree (hidden from lists; files and branch kept)',
    response: Worktree,
    errors: ['not-found'],
  },
  unarchiveWorktree: {
    method: 'post',
    path: '/api/worktrees/:worktreeId/unarchive',
    tag,
    summary: 'Restore an archived worktree',
    response: Worktree,
    errors: ['not-found'],
  },
  deleteWorktree: {
    method: 'delete',
    path: '/api/worktrees/:worktreeId',
    tag,
    summary:
      'Remove a worktree with `git worktree remove`; refuses uncommitted changes unless ?force=true; keeps the branch unless ?delete_branch=true',
    query: z.strictObject({ force: flag, delete_branch: flag }),
    errors: ['not-found', 'worktree-dirty', 'base-worktree', 'git-failed', 'git-not-found'],
  },
});
