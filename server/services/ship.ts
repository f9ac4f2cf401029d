import {
  nowSeconds,
  type GithubCliInfo,
  type MergeRequest,
  type MergeResult,
  type PullRequestRequest,
  type PullRequestResult,
  type PushRequest,
  type PushResult,
  type UpdateRequest,
  type UpdateResult,
  type Worktree,
  type WorktreeGitStatus,
} from '../contract/index.js';
import { GroveError } from '../errors.js';
import { createPullRequest, findGithubCli, GH_INSTALL_HINT } from '../git/gh.js';
import { mergeIntoBase } from '../git/merge.js';
import { chooseRemote, githubCompareUrl, pushBranch } from '../git/push.js';
import { readStatus } from '../git/status.js';
import { updateFromBase } from '../git/update.js';
import type { ServiceContext } from './context.js';
import type { ReviewService } from './review.js';

/**
 * Ship a worktree's work: merge it into the base branch, update it from there, push it, open a
 * pull request. Every operation refuses before it changes anything when the state is wrong.
 */
export class ShipService {
  constructor(
    private readonly context: ServiceContext,
    private readonly review: ReviewService,
    /** The environment the GitHub CLI is looked for and run in (PATH, its config). */
    private readonly env: () => NodeJS.ProcessEnv,
  ) {}

  async merge(worktreeId: string, request: MergeRequest): Promise<MergeResult> {
    const worktree = this.review.worktree(worktreeId);
    const baseBranch = this.requireBase(worktree);
    const project = this.context.store.projects.find((item) => item.id === worktree.project_id);
    if (!project) throw new GroveError('not-found', `No project with id ${worktree.project_id}.`);
    const siblings = this.context.store.worktrees
      .filter((item) => item.project_id === project.id)
      .map((item) => item.id);
    return this.review.changing(worktree, siblings, async () => {
      const status = await readStatus(worktree.path, baseBranch);
      this.requireClean(status);
      if (status.ahead === 0) {
        throw new GroveError(
          'nothing-to-commit',
          `"${worktree.branch}" has no commits that are not on "${baseBranch}" yet; commit first.`,
        );
      }
      const head = await mergeIntoBase({
        worktreeDir: worktree.path,
        branch: worktree.branch,
        baseDir: project.path,
        baseBranch,
        strategy: request.strategy,
        message: request.message,
      });
      return { strategy: request.strategy, base_branch: baseBranch, head };
    });
  }

  async update(worktreeId: string, request: UpdateRequest): Promise<UpdateResult> {
    const worktree = this.review.worktree(worktreeId);
    const baseBranch = this.requireBase(worktree);
    const { result, status } = await this.review.changingWithStatus(worktree, async () => {
      const before = await readStatus(worktree.path, baseBranch);
      this.requireClean(before);
      return updateFromBase(worktree.path, baseBranch, before.behind, request);
    });
    return { ...result, status };
  }

  async push(worktreeId: string, request: PushRequest): Promise<PushResult> {
    const worktree = this.review.worktree(worktreeId);
    return this.review.changing(worktree, [worktree.id], () =>
      pushBranch(worktree.path, worktree.branch, {
        remote: request.remote,
        forceWithLease: request.force_with_lease,
      }),
    );
  }

  githubCli(): Promise<GithubCliInfo> {
    return findGithubCli(this.context.store.preferences.gh_path ?? null, this.env());
  }

  /** Push when the remote lacks commits, then `gh pr create`; the result is kept on the worktree. */
  async pullRequest(worktreeId: string, request: PullRequestRequest): Promise<PullRequestResult> {
    const worktree = this.review.worktree(worktreeId);
    const remote = await chooseRemote(worktree.path, worktree.branch);
    const compareUrl = await githubCompareUrl(
      worktree.path,
      remote,
      worktree.base_branch,
      worktree.branch,
    );
    const gh = await this.githubCli();
    if (!gh.path) {
      const byHand = compareUrl ? ` Or open it by hand at ${compareUrl}` : '';
      throw new GroveError(
        'gh-not-found',
        `The GitHub CLI (gh) was not found. ${GH_INSTALL_HINT}${byHand}`,
      );
    }
    const ghPath = gh.path;
    const status = await readStatus(worktree.path, worktree.base_branch);
    if (status.upstream === null || (status.unpushed ?? 0) > 0) {
      await this.push(worktreeId, { remote, force_with_lease: false });
    }
    const result = await this.review.changing(worktree, [], () =>
      createPullRequest(
        ghPath,
        {
          dir: worktree.path,
          branch: worktree.branch,
          baseBranch: worktree.base_branch,
          title: request.title,
          body: request.body ?? '',
          draft: request.draft,
          compareUrl,
        },
        this.env(),
      ),
    );
    await this.rememberPullRequest(worktree.id, result);
    return result;
  }

  private async rememberPullRequest(worktreeId: string, pr: PullRequestResult): Promise<void> {
    const updates = {
      pr_url: pr.url,
      pr_number: pr.number,
      updated_at: nowSeconds(),
    };
    await this.context.store.updateCatalog((catalog) => {
      catalog.worktrees = catalog.worktrees.map((item) =>
        item.id === worktreeId ? { ...item, ...updates } : item,
      );
    });
    this.context.hub.publish('worktree-updated', { worktree_id: worktreeId, updates });
  }

  private requireBase(worktree: Worktree): string {
    if (worktree.kind === 'base' || !worktree.base_branch) {
      throw new GroveError(
        'base-worktree',
        "This is the repository's own checkout; it has no base branch to merge into or update from.",
      );
    }
    return worktree.base_branch;
  }

  private requireClean(status: WorktreeGitStatus): void {
    if (status.operation !== null) {
      throw new GroveError(
        'operation-in-progress',
        `A ${status.operation} is in progress in this worktree; finish or abort it first.`,
      );
    }
    if (status.files.length > 0) {
      throw new GroveError(
        'worktree-dirty',
        'The worktree has uncommitted changes; commit or discard them first.',
      );
    }
  }
}
