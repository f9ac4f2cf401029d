import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  nowSeconds,
  type CreateWorktree,
  type Project,
  type UpdateWorktree,
  type Worktree,
  type WorktreeSetup,
} from '../contract/index.js';
import {
  aheadBehind,
  currentBranch,
  git,
  hasUncommittedChanges,
  isValidBranchName,
  localBranches,
  resolvesToCommit,
} from '../git/git.js';
import { GroveError, notFound } from '../errors.js';
import { KeyedQueue } from '../keyed-queue.js';
import { StorageWriteError } from '../store/durable-file.js';
import { changedFields, type ServiceContext } from './context.js';
import type { ProjectsService } from './projects.js';
import { NO_LIFECYCLE, type WorktreeLifecycle } from './worktree-lifecycle.js';
import { branchConflict, firstFree, generateWorktreeName, slug } from './worktree-names.js';

/** Hook run before a worktree's records go, so its running agents can be stopped first. */
export type BeforeWorktreeDelete = (worktree: Worktree) => Promise<void>;

export class WorktreesService {
  /**
   * Git-changing work for one project runs in order: parallel `git worktree add`s race on the
   * same branch names and on git's own lock files.
   */
  private readonly projectQueue = new KeyedQueue();

  constructor(
    private readonly context: ServiceContext,
    private readonly projects: ProjectsService,
    private readonly beforeDelete: BeforeWorktreeDelete,
    private readonly lifecycle: WorktreeLifecycle = NO_LIFECYCLE,
  ) {}

  list(projectId: string, includeArchived: boolean): Worktree[] {
    this.projects.get(projectId);
    return this.context.store.worktrees.filter(
      (worktree) =>
        worktree.project_id === projectId && (includeArchived || worktree.archived_at === null),
    );
  }

  get(worktreeId: string): Worktree {
    const worktree = this.context.store.worktrees.find((item) => item.id === worktreeId);
    if (!worktree) throw notFound('worktree', worktreeId);
    return worktree;
  }

  /** The worktree with a cheap git status: uncommitted changes, ahead/behind its base branch. */
  async getWithStatus(worktreeId: string): Promise<Worktree> {
    const worktree = this.get(worktreeId);
    if (!existsSync(worktree.path)) return worktree;
    try {
      const [dirty, counts] = await Promise.all([
        hasUncommittedChanges(worktree.path),
        aheadBehind(worktree.path, worktree.base_branch),
      ]);
      return { ...worktree, status: { dirty, ...counts } };
    } catch {
      // The folder is no longer a git checkout (moved or replaced by hand): no status to show.
      return worktree;
    }
  }

  /** `git worktree add` on a new branch, one git change per project at a time. */
  async create(projectId: string, input: CreateWorktree): Promise<Worktree> {
    const project = this.projects.get(projectId);
    return this.projectQueue.run(project.id, () => this.createNow(project, input));
  }

  private async createNow(project: Project, input: CreateWorktree): Promise<Worktree> {
    const siblings = this.context.store.worktrees.filter((item) => item.project_id === project.id);
    const root = this.worktreesRoot(project.path);
    const branches = await localBranches(project.path);
    const name =
      input.name ??
      generateWorktreeName(
        (candidate) =>
          siblings.some((item) => item.name === candidate) ||
          branchConflict(branches, candidate) !== null ||
          existsSync(path.join(root, slug(candidate))),
      );
    const branch = input.branch ?? slug(name);
    const folder = path.join(root, slug(name));

    if (!(await isValidBranchName(project.path, branch))) {
      // Without an explicit branch the name became the branch, so the name is at fault.
      const field = input.branch === undefined ? 'name' : 'branch';
      throw new GroveError(
        'invalid-request',
        `${field}: "${branch}" is not a valid git branch name.`,
        field,
      );
    }
    const baseBranch = input.base_branch ?? (await currentBranch(project.path));
    if (!(await resolvesToCommit(project.path, baseBranch))) {
      throw new GroveError(
        'invalid-request',
        `base_branch: "${baseBranch}" does not name a commit in ${project.path}.`,
        'base_branch',
      );
    }
    const conflict = branchConflict(branches, branch);
    if (conflict !== null) {
      // Under an existing branch ("main/x" with "main") no "main/x-N" can work: flatten the path.
      const stem = branch.startsWith(`${conflict}/`) ? branch.replaceAll('/', '-') : branch;
      const suggestion = firstFree(
        stem,
        (candidate) => branchConflict(branches, candidate) !== null,
      );
      const problem =
        conflict === branch
          ? `Branch "${branch}" already exists`
          : `Branch "${branch}" clashes with the existing branch "${conflict}"`;
      throw new GroveError(
        'branch-exists',
        `${problem}; choose another branch name, for example "${suggestion}".`,
        'branch',
      );
    }
    if (existsSync(folder)) {
      const suggestion = firstFree(name, (candidate) =>
        existsSync(path.join(root, slug(candidate))),
      );
      throw new GroveError(
        'path-in-use',
        `${folder} already exists; choose another name, for example "${suggestion}".`,
        'name',
      );
    }
    await mkdir(root, { recursive: true });
    await git(project.path, ['worktree', 'add', '-b', branch, folder, baseBranch]);

    const now = nowSeconds();
    const worktree: Worktree = {
      id: randomUUID(),
      project_id: project.id,
      name,
      kind: 'worktree',
      branch,
      base_branch: baseBranch,
      path: folder,
      created_at: now,
      updated_at: now,
      archived_at: null,
    };
    try {
      await this.context.store.updateCatalog((catalog) => {
        catalog.worktrees.push(worktree);
      });
    } catch (error) {
      if (error instanceof StorageWriteError) await this.undoWorktreeAdd(project, worktree);
      throw error;
    }
    this.context.hub.publish('worktree-created', { worktree });
    return this.lifecycle.afterCreate(worktree);
  }

  /**
   * The record of a new worktree could not be saved: remove its folder and the branch made for
   * it, so the error's "nothing was saved" holds and a retry does not find them in its way.
   */
  private async undoWorktreeAdd(project: Project, worktree: Worktree): Promise<void> {
    for (const args of [
      ['worktree', 'remove', '--force', worktree.path],
      ['branch', '-D', worktree.branch],
    ]) {
      await git(project.path, args).catch((error: unknown) => {
        this.context.log(`Grove: could not undo git ${args.join(' ')}: ${String(error)}`);
      });
    }
  }

  async update(worktreeId: string, patch: UpdateWorktree): Promise<Worktree> {
    const before = this.get(worktreeId);
    const next = { ...before, ...(patch.name !== undefined ? { name: patch.name } : {}) };
    const updates = changedFields(before, next);
    if (Object.keys(updates).length === 0) return before;
    next.updated_at = updates.updated_at = nowSeconds();
    await this.replace(next);
    this.context.hub.publish('worktree-updated', { worktree_id: worktreeId, updates });
    return next;
  }

  async setArchived(worktreeId: string, archived: boolean): Promise<Worktree> {
    const before = this.get(worktreeId);
    if ((before.archived_at !== null) === archived) return before;
    const now = nowSeconds();
    const next = { ...before, archived_at: archived ? now : null, updated_at: now };
    await this.replace(next);
    this.context.hub.publish(archived ? 'worktree-archived' : 'worktree-unarchived', {
      worktree_id: worktreeId,
    });
    return next;
  }

  /**
   * `git worktree remove`, refusing when there is uncommitted work unless forced: removing a
   * worktree must never silently throw away changes. The branch stays unless asked otherwise.
   */
  async remove(
    worktreeId: string,
    options: { force: boolean; deleteBranch: boolean },
  ): Promise<void> {
    const worktree = this.get(worktreeId);
    return this.projectQueue.run(worktree.project_id, () => this.removeNow(worktreeId, options));
  }

  private async removeNow(
    worktreeId: string,
    options: { force: boolean; deleteBranch: boolean },
  ): Promise<void> {
    const worktree = this.get(worktreeId);
    if (worktree.kind === 'base') {
      throw new GroveError(
        'base-worktree',
        "The base worktree is the repository's own checkout; delete the project instead.",
      );
    }
    const project = this.projects.get(worktree.project_id);
    const onDisk = existsSync(worktree.path);
    if (onDisk && !options.force && (await hasUncommittedChanges(worktree.path))) {
      throw new GroveError(
        'worktree-dirty',
        `${worktree.path} has uncommitted changes; commit or stash them, or delete with ?force=true to discard them.`,
      );
    }
    await this.lifecycle.beforeRemove(worktree, { force: options.force });
    await this.beforeDelete(worktree);
    if (onDisk) {
      await git(project.path, [
        'worktree',
        'remove',
        ...(options.force ? ['--force'] : []),
        worktree.path,
      ]);
    } else {
      await git(project.path, ['worktree', 'prune']);
    }
    // The folder is gone now, so the record must go too even if git refuses to delete the
    // branch; otherwise the record would point at nothing forever.
    const branchError = options.deleteBranch
      ? await git(project.path, ['branch', '-D', worktree.branch]).then(
          () => null,
          (error: unknown) => error,
        )
      : null;
    await this.context.store.updateCatalog((catalog) => {
      catalog.worktrees = catalog.worktrees.filter((item) => item.id !== worktreeId);
    });
    await this.context.store.dropSessions(worktreeId);
    this.context.hub.publish('worktree-deleted', { worktree_id: worktreeId });
    if (branchError) {
      const said = branchError instanceof Error ? branchError.message : String(branchError);
      throw new GroveError(
        'git-failed',
        `The worktree was removed, but its branch "${worktree.branch}" was not deleted: ${said}`,
      );
    }
  }

  /** Note the state of the worktree's setup script on it (the lifecycle's side). */
  async recordSetup(worktreeId: string, setup: WorktreeSetup): Promise<Worktree> {
    let next = this.get(worktreeId);
    await this.context.store.updateCatalog((catalog) => {
      catalog.worktrees = catalog.worktrees.map((item) =>
        item.id === worktreeId ? (next = { ...item, setup }) : item,
      );
    });
    this.context.hub.publish('worktree-updated', { worktree_id: worktreeId, updates: { setup } });
    return next;
  }

  private worktreesRoot(repoPath: string): string {
    const configured = this.context.store.preferences.worktrees_dir;
    if (configured) return path.join(configured, path.basename(repoPath));
    return path.join(path.dirname(repoPath), `${path.basename(repoPath)}-worktrees`);
  }

  private replace(next: Worktree): Promise<void> {
    return this.context.store.updateCatalog((catalog) => {
      catalog.worktrees = catalog.worktrees.map((item) => (item.id === next.id ? next : item));
    });
  }
}
