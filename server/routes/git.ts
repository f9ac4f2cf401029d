import { gitEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const gitRoutes = ({ review, ship }: Services) =>
  implement(gitEndpoints, {
    getGitStatus: ({ params, query }) =>
      review.status(params.worktreeId, { watch: query.watch === 'true' }),
    getGitDiff: ({ params, query }) => review.diff(params.worktreeId, query),
    listGitCommits: ({ params, query }) => review.commits(params.worktreeId, query),
    commitChanges: ({ params, body }) => review.commit(params.worktreeId, body),
    discardChanges: ({ params, body }) => review.discard(params.worktreeId, body),
    mergeWorktree: ({ params, body }) => ship.merge(params.worktreeId, body),
    updateWorktreeFromBase: ({ params, body }) => ship.update(params.worktreeId, body),
    pushWorktree: ({ params, body }) => ship.push(params.worktreeId, body),
    createPullRequest: ({ params, body }) => ship.pullRequest(params.worktreeId, body),
    getGithubCli: () => ship.githubCli(),
  });
