import { z } from 'zod';
import {
  CommitInfo,
  CommitRequest,
  CommitResult,
  CommitsQuery,
  DiffQuery,
  DiscardRequest,
  GithubCliInfo,
  MergeRequest,
  MergeResult,
  PullRequestRequest,
  PullRequestResult,
  PushRequest,
  PushResult,
  UpdateRequest,
  UpdateResult,
  WorktreeDiff,
  WorktreeGitStatus,
} from '../contract/index.js';
import { route, type AnyRoute } from '../http/route.js';
import type { Services } from './services.js';

const tag = 'Git';
const base = '/api/worktrees/:worktreeId/git';

export function gitRoutes({ review, ship }: Services): AnyRoute[] {
  const id = (params: Record<string, string>) => params.worktreeId ?? '';
  return [
    route({
      method: 'get',
      path: `${base}/status`,
      tag,
      summary:
        "A worktree's git status: branch, ahead/behind its base, upstream, conflicts, changed files with +/- counts; ?watch=true checks it for outside edits while a client is connected",
      query: z.strictObject({ watch: z.enum(['true', 'false']).optional() }),
      response: WorktreeGitStatus,
      errors: ['not-found', 'git-failed'],
      handler: ({ params, query }) => review.status(id(params), { watch: query.watch === 'true' }),
    }),
    route({
      method: 'get',
      path: `${base}/diff`,
      tag,
      summary:
        'Per-file unified diffs: uncommitted changes, the whole branch since its merge base, or one commit',
      query: DiffQuery,
      response: WorktreeDiff,
      errors: ['invalid-request', 'not-found', 'git-failed'],
      handler: ({ params, query }) => review.diff(id(params), query),
    }),
    route({
      method: 'get',
      path: `${base}/commits`,
      tag,
      summary: "The branch's commits since its base branch, newest first",
      query: CommitsQuery,
      response: z.array(CommitInfo),
      errors: ['not-found', 'git-failed'],
      handler: ({ params, query }) => review.commits(id(params), query),
    }),
    route({
      method: 'post',
      path: `${base}/commit`,
      tag,
      summary: 'Commit every change, or only `paths`',
      body: CommitRequest,
      response: CommitResult,
      status: 201,
      errors: [
        'invalid-request',
        'not-found',
        'nothing-to-commit',
        'no-git-identity',
        'git-failed',
      ],
      handler: ({ params, body }) => review.commit(id(params), body),
    }),
    route({
      method: 'post',
      path: `${base}/discard`,
      tag,
      summary: 'Throw away the changes of `paths`: tracked files are restored, new ones deleted',
      body: DiscardRequest,
      response: WorktreeGitStatus,
      errors: ['invalid-request', 'not-found', 'git-failed'],
      handler: ({ params, body }) => review.discard(id(params), body),
    }),
    route({
      method: 'post',
      path: `${base}/merge`,
      tag,
      summary:
        "Land the branch on its base branch in the project's own checkout (merge, squash or rebase); a conflict changes nothing",
      body: MergeRequest,
      response: MergeResult,
      errors: [
        'not-found',
        'base-worktree',
        'worktree-dirty',
        'operation-in-progress',
        'base-dirty',
        'base-branch-mismatch',
        'nothing-to-commit',
        'merge-conflict',
        'no-git-identity',
        'git-failed',
      ],
      handler: ({ params, body }) => ship.merge(id(params), body),
    }),
    route({
      method: 'post',
      path: `${base}/update`,
      tag,
      summary:
        'Bring the base branch into the worktree (merge or rebase); conflicts are aborted unless keep_conflicts',
      body: UpdateRequest,
      response: UpdateResult,
      errors: [
        'not-found',
        'base-worktree',
        'worktree-dirty',
        'operation-in-progress',
        'merge-conflict',
        'no-git-identity',
        'git-failed',
      ],
      handler: ({ params, body }) => ship.update(id(params), body),
    }),
    route({
      method: 'post',
      path: `${base}/push`,
      tag,
      summary: 'Push the branch and set its upstream; a rejected push answers with git’s words',
      body: PushRequest,
      response: PushResult,
      errors: ['invalid-request', 'not-found', 'no-remote', 'push-rejected', 'git-failed'],
      handler: ({ params, body }) => ship.push(id(params), body),
    }),
    route({
      method: 'post',
      path: '/api/worktrees/:worktreeId/pull-request',
      tag,
      summary:
        'Push if needed, then open a pull request with the GitHub CLI (`gh pr create`); its address is kept on the worktree',
      body: PullRequestRequest,
      response: PullRequestResult,
      status: 201,
      errors: [
        'not-found',
        'no-remote',
        'push-rejected',
        'gh-not-found',
        'gh-not-authenticated',
        'gh-failed',
        'git-failed',
      ],
      handler: ({ params, body }) => ship.pullRequest(id(params), body),
    }),
    route({
      method: 'get',
      path: '/api/github-cli',
      tag,
      summary: 'The GitHub CLI used for pull requests: found or not, its path and version',
      response: GithubCliInfo,
      handler: () => ship.githubCli(),
    }),
  ];
}
