import { existsSync } from 'node:fs';
import type {
  CommitInfo,
  CommitRequest,
  CommitsQuery,
  DiffQuery,
  DiscardRequest,
  Worktree,
  WorktreeDiff,
  WorktreeGitStatus,
} from '../contract/index.js';
import { GroveError } from '../errors.js';
import { KeyedQueue } from '../keyed-queue.js';
import { commitChanges, discardChanges } from '../git/commit.js';
import { listCommits } from '../git/commits.js';
import { readDiff } from '../git/diff.js';
import { worktreePaths } from '../git/paths.js';
import { readStatus } from '../git/status.js';
import type { ServiceContext } from './context.js';
import type { GitStatusWatcher } from './git-status-watcher.js';

/**
 * Review a worktree's work: its status, diffs and commits, and commit or discard changes. Knows
 * nothing of HTTP; git runs in the worktree's folder, one change per project at a time.
 */
export class ReviewService {
  private readonly projectQueue = new KeyedQueue();
  private watcher: GitStatusWatcher | null = null;

  constructor(private readonly context: ServiceContext) {}

  /** Set once the watcher exists (it reads statuses through this service). */
  attachWatcher(watcher: GitStatusWatcher): void {
    this.watcher = watcher;
  }

  worktree(worktreeId: string): Worktree {
    const worktree = this.context.store.worktrees.find((item) => item.id === worktreeId);
    if (!worktree) throw new GroveError('not-found', `No worktree with id ${worktreeId}.`);
    if (!existsSync(worktree.path)) {
      throw new GroveError('not-found', `The worktree's folder ${worktree.path} is gone.`);
    }
    return worktree;
  }

  /** The status without side effects, or null when the folder is gone or no longer a checkout. */
  async readStatusOf(worktreeId: string): Promise<WorktreeGitStatus | null> {
    const worktree = this.context.store.worktrees.find((item) => item.id === worktreeId);
    if (!worktree || !existsSync(worktree.path)) return null;
    return readStatus(worktree.path, worktree.base_branch).catch(() => null);
  }

  async status(worktreeId: string, options: { watch: boolean }): Promise<WorktreeGitStatus> {
    const worktree = this.worktree(worktreeId);
    const ticket = this.watcher?.startRead() ?? 0;
    const status = await readStatus(worktree.path, worktree.base_branch);
    if (options.watch) this.watcher?.watch(worktreeId);
    this.watcher?.remember(worktreeId, status, ticket);
    return status;
  }

  async diff(worktreeId: string, query: DiffQuery): Promise<WorktreeDiff> {
    const worktree = this.worktree(worktreeId);
    const [only] = query.path ? await worktreePaths(worktree.path, [query.path], 'path') : [];
    this.watcher?.watch(worktreeId);
    return readDiff(worktree.path, {
      scope: query.scope,
      baseBranch: worktree.base_branch,
      commit: query.commit,
      path: only,
    });
  }

  commits(worktreeId: string, query: CommitsQuery): Promise<CommitInfo[]> {
    const worktree = this.worktree(worktreeId);
    return listCommits(worktree.path, worktree.base_branch, query);
  }

  async commit(worktreeId: string, request: CommitRequest): Promise<{ sha: string }> {
    const worktree = this.worktree(worktreeId);
    const paths = request.paths ? await worktreePaths(worktree.path, request.paths) : undefined;
    return this.changing(worktree, [worktree.id], async () => {
      const status = await readStatus(worktree.path, worktree.base_branch);
      return { sha: await commitChanges(worktree.path, status, request.message, paths) };
    });
  }

  async discard(worktreeId: string, request: DiscardRequest): Promise<WorktreeGitStatus> {
    const worktree = this.worktree(worktreeId);
    const paths = await worktreePaths(worktree.path, request.paths);
    const { status } = await this.changingWithStatus(worktree, async () => {
      const before = await readStatus(worktree.path, worktree.base_branch);
      await discardChanges(worktree.path, before, paths);
    });
    return status;
  }

  /**
   * Run a git change for the worktree's project after any other one has finished, then refresh
   * the status of `affected` worktrees (whether it worked or not: a failure may change it too).
   */
  async changing<R>(
    worktree: Worktree,
    affected: readonly string[],
    task: () => Promise<R>,
  ): Promise<R> {
    return (await this.changeThenRefresh(worktree, affected, task)).result;
  }

  /** `changing` for the worktree itself, with the status its refresh read after the change. */
  async changingWithStatus<R>(
    worktree: Worktree,
    task: () => Promise<R>,
  ): Promise<{ result: R; status: WorktreeGitStatus }> {
    const { result, statuses } = await this.changeThenRefresh(worktree, [worktree.id], task);
    return { result, status: statuses[0] ?? (await this.status(worktree.id, { watch: false })) };
  }

  private changeThenRefresh<R>(
    worktree: Worktree,
    affected: readonly string[],
    task: () => Promise<R>,
  ): Promise<{ result: R; statuses: (WorktreeGitStatus | null)[] }> {
    return this.projectQueue.run(worktree.project_id, async () => {
      let result: R;
      let statuses: (WorktreeGitStatus | null)[];
      try {
        result = await task();
      } finally {
        // Whether it worked or not: a failure may change the status too.
        statuses = await this.refreshAll(affected);
      }
      return { result, statuses };
    });
  }

  /** Read and publish each worktree's status; null where it cannot be read (or no watcher). */
  private refreshAll(ids: readonly string[]): Promise<(WorktreeGitStatus | null)[]> {
    return Promise.all(ids.map((id) => this.watcher?.refresh(id).catch(() => null) ?? null));
  }
}
