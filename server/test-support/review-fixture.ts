// Set-up for the review and ship route tests: a project with a worktree, a bare `origin`, and
// shorthands for the worktree's git routes.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Project, Worktree, WorktreeGitStatus } from '../contract/index.js';
import { gitIn } from './git.js';
import type { ApiResponse } from './harness.js';
import type { ReposServer } from './repos-server.js';

export interface ReviewWorktree {
  repo: string;
  project: Project;
  worktree: Worktree;
  /** `/api/worktrees/<id>/git/<rest>` */
  gitPath(rest: string): string;
  status(): Promise<WorktreeGitStatus>;
  post<T = any>(rest: string, body: unknown): Promise<ApiResponse<T>>;
  get<T = any>(rest: string): Promise<ApiResponse<T>>;
}

/** A fresh project with one worktree branched from `main`. */
export async function newReviewWorktree(
  grove: ReposServer,
  name = 'feature',
): Promise<ReviewWorktree> {
  const { repo, project } = await grove.newProject();
  const created = await grove.createWorktree(project, { name });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const worktree = created.body as Worktree;
  const gitPath = (rest: string) => `/api/worktrees/${worktree.id}/git/${rest}`;
  return {
    repo,
    project,
    worktree,
    gitPath,
    async status() {
      const response = await grove.api.get<WorktreeGitStatus>(gitPath('status'));
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    },
    post: (rest, body) => grove.api.post(gitPath(rest), body),
    get: (rest) => grove.api.get(gitPath(rest)),
  };
}

/** A bare repository next to `repo`, added as its `origin`, with `main` pushed to it. */
export function addBareOrigin(repo: string): string {
  const bare = path.join(path.dirname(repo), 'origin.git');
  gitIn(path.dirname(repo), 'init', '-q', '--bare', '-b', 'main', bare);
  gitIn(repo, 'remote', 'add', 'origin', bare);
  gitIn(repo, 'push', '-q', 'origin', 'main');
  return bare;
}

/** Commit everything in `dir` with the test identity; returns the new sha. */
export function commitAll(dir: string, message: string): string {
  gitIn(dir, 'add', '--all');
  gitIn(dir, 'commit', '-q', '-m', message);
  return gitIn(dir, 'rev-parse', 'HEAD');
}
