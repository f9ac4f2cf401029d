import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  nowSeconds,
  type CreateWorktree,
  type UpdateWorktree,
  type Worktree,
} from '../contract/index.js';
import { aheadBehind, branchExists, currentBranch, git, hasUncommittedChanges } from '../git/git.js';
import { ApiError, notFound } from '../http/errors.js';
import { changedFields, type ServiceContext } from './context.js';
import type { ProjectsService } from './projects.js';
import { generateWorktreeName } from './worktree-names.js';

/** Hook run before a worktree's records go, so its running agents can be stopped first. */
export type BeforeWorktreeDelete = (worktree: Worktree) => Promise<void>;

export class WorktreesService {
  constructor(
    private readonly context: ServiceContext,
    private readonly projects: ProjectsService,
    private readonly beforeDelete: BeforeWorktreeDelete,
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
    const [dirty, counts] = await Promise.all([
      hasUncommittedChanges(worktree.path),
      aheadBehind(worktree.path, worktree.base_branch),
    ]);
    return { ...worktree, status: { dirty, ...counts } };
  }

  async create(projectId: string, input: CreateWorktree): Promise<Worktree> {
    const project = this.projects.get(projectId);
    const siblings = this.context.store.worktrees.filter((item) => item.project_id === projectId);
    const name =
      input.name ?? generateWorktreeName((candidate) => siblings.some((item) => item.name === candidate));
    const branch = input.branch ?? slug(name);
    const baseBranch = input.base_branch ?? (await currentBranch(project.path));
    const folder = path.join(this.worktreesRoot(project.path), slug(name));

    if (await branchExists(project.path, branch)) {
      throw new ApiError(
        'branch-exists',
        `Branch "${branch}" already exists; choose another branch name, for example "${branch}-2".`,
        'branch',
      );
    }
    if (existsSync(folder)) {
      throw new ApiError(
        'path-in-use',
        `${folder} already exists; choose another name, for example "${name}-2".`,
        'name',
      );
    }
    await mkdir(path.dirname(folder), { recursive: true });
    await git(project.path, ['worktree', 'add', '-b', branch, folder, baseBranch]);

    const now = nowSeconds();
    const worktree: Worktree = {
      id: randomUUID(),
      project_id: projectId,
      name,
      kind: 'worktree',
      branch,
      base_branch: baseBranch,
      path: folder,
      created_at: now,
      updated_at: now,
      archived_at: null,
    };
    await this.context.store.updateCatalog((catalog) => {
      catalog.worktrees.push(worktree);
    });
    this.context.hub.publish('worktree-created', { worktree });
    return worktree;
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
  async remove(worktreeId: string, options: { force: boolean; deleteBranch: boolean }): Promise<void> {
    const worktree = this.get(worktreeId);
    if (worktree.kind === 'base') {
      throw new ApiError(
        'base-worktree',
        "The base worktree is the repository's own checkout; delete the project instead.",
      );
    }
    const project = this.projects.get(worktree.project_id);
    const onDisk = existsSync(worktree.path);
    if (onDisk && !options.force && (await hasUncommittedChanges(worktree.path))) {
      throw new ApiError(
        'worktree-dirty',
        `${worktree.path} has uncommitted changes; commit or stash them, or delete with ?force=true to discard them.`,
      );
    }
    await this.beforeDelete(worktree);
    if (onDisk) {
      await git(project.path, ['worktree', 'remove', ...(options.force ? ['--force'] : []), worktree.path]);
    } else {
      await git(project.path, ['worktree', 'prune']);
    }
    if (options.deleteBranch) await git(project.path, ['branch', '-D', worktree.branch]);
    await this.context.store.updateCatalog((catalog) => {
      catalog.worktrees = catalog.worktrees.filter((item) => item.id !== worktreeId);
    });
    await this.context.store.dropSessions(worktreeId);
    this.context.hub.publish('worktree-deleted', { worktree_id: worktreeId });
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

function slug(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return cleaned || 'worktree';
}
