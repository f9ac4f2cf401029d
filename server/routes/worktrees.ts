import { z } from 'zod';
import { CreateWorktree, UpdateWorktree, Worktree } from '../contract/index.js';
import { route, type AnyRoute } from '../http/route.js';
import type { Services } from './services.js';

const tag = 'Worktrees';
const flag = z.enum(['true', 'false']).optional();

export function worktreeRoutes({ worktrees }: Services): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/projects/:projectId/worktrees',
      tag,
      summary: "List a project's worktrees (archived ones with ?include_archived=true)",
      query: z.strictObject({ include_archived: flag }),
      response: z.array(Worktree),
      errors: ['not-found'],
      handler: ({ params, query }) =>
        worktrees.list(params.projectId ?? '', query.include_archived === 'true'),
    }),
    route({
      method: 'post',
      path: '/api/projects/:projectId/worktrees',
      tag,
      summary: 'Create a worktree with `git worktree add` on a new branch',
      body: CreateWorktree,
      response: Worktree,
      status: 201,
      errors: ['not-found', 'branch-exists', 'path-in-use', 'git-failed'],
      handler: ({ params, body }) => worktrees.create(params.projectId ?? '', body),
    }),
    route({
      method: 'get',
      path: '/api/worktrees/:worktreeId',
      tag,
      summary: 'Get a worktree with its git status (uncommitted changes, ahead/behind base)',
      response: Worktree,
      errors: ['not-found'],
      handler: ({ params }) => worktrees.getWithStatus(params.worktreeId ?? ''),
    }),
    route({
      method: 'patch',
      path: '/api/worktrees/:worktreeId',
      tag,
      summary: 'Rename a worktree',
      body: UpdateWorktree,
      response: Worktree,
      errors: ['not-found'],
      handler: ({ params, body }) => worktrees.update(params.worktreeId ?? '', body),
    }),
    route({
      method: 'post',
      path: '/api/worktrees/:worktreeId/archive',
      tag,
      summary: 'Archive a worktree (hidden from lists; files and branch kept)',
      response: Worktree,
      errors: ['not-found'],
      handler: ({ params }) => worktrees.setArchived(params.worktreeId ?? '', true),
    }),
    route({
      method: 'post',
      path: '/api/worktrees/:worktreeId/unarchive',
      tag,
      summary: 'Restore an archived worktree',
      response: Worktree,
      errors: ['not-found'],
      handler: ({ params }) => worktrees.setArchived(params.worktreeId ?? '', false),
    }),
    route({
      method: 'delete',
      path: '/api/worktrees/:worktreeId',
      tag,
      summary:
        'Remove a worktree with `git worktree remove`; refuses uncommitted changes unless ?force=true; keeps the branch unless ?delete_branch=true',
      query: z.strictObject({ force: flag, delete_branch: flag }),
      status: 204,
      errors: ['not-found', 'worktree-dirty', 'base-worktree', 'git-failed'],
      handler: ({ params, query }) =>
        worktrees.remove(params.worktreeId ?? '', {
          force: query.force === 'true',
          deleteBranch: query.delete_branch === 'true',
        }),
    }),
  ];
}
