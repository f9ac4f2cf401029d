import type {
  CommitInfo,
  CommitResult,
  DiffScope,
  MergeResult,
  MergeStrategy,
  PullRequestRequest,
  PullRequestResult,
  PushResult,
  UpdateRequest,
  UpdateResult,
  WorktreeDiff,
  WorktreeGitStatus,
} from '@contract';
import { request } from './client.js';

const enc = encodeURIComponent;
const gitPath = (worktreeId: string, rest: string) =>
  `/api/worktrees/${enc(worktreeId)}/git/${rest}`;

export interface DiffParams {
  scope: DiffScope;
  commit?: string | null;
  path?: string;
}

/** The review and ship endpoints of one worktree. */
export const gitApi = {
  status: (worktreeId: string, watch = false) =>
    request<WorktreeGitStatus>('GET', gitPath(worktreeId, `status?watch=${String(watch)}`)),
  diff: (worktreeId: string, params: DiffParams) => {
    const query = new URLSearchParams({ scope: params.scope });
    if (params.commit) query.set('commit', params.commit);
    if (params.path) query.set('path', params.path);
    return request<WorktreeDiff>('GET', gitPath(worktreeId, `diff?${query.toString()}`));
  },
  commits: (worktreeId: string, limit = 50) =>
    request<CommitInfo[]>('GET', gitPath(worktreeId, `commits?limit=${limit}`)),
  commit: (worktreeId: string, message: string, paths?: string[]) =>
    request<CommitResult>('POST', gitPath(worktreeId, 'commit'), {
      message,
      ...(paths ? { paths } : {}),
    }),
  discard: (worktreeId: string, paths: string[]) =>
    request<WorktreeGitStatus>('POST', gitPath(worktreeId, 'discard'), { paths }),
  merge: (worktreeId: string, strategy: MergeStrategy) =>
    request<MergeResult>('POST', gitPath(worktreeId, 'merge'), { strategy }),
  update: (worktreeId: string, body: Partial<UpdateRequest>) =>
    request<UpdateResult>('POST', gitPath(worktreeId, 'update'), body),
  push: (worktreeId: string) => request<PushResult>('POST', gitPath(worktreeId, 'push'), {}),
  pullRequest: (worktreeId: string, body: Partial<PullRequestRequest>) =>
    request<PullRequestResult>('POST', `/api/worktrees/${enc(worktreeId)}/pull-request`, body),
};
