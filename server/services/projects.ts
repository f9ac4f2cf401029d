import { randomUUID } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  nowSeconds,
  type CreateProject,
  type BranchList,
  type Project,
  type UpdateProject,
  type Worktree,
} from '../contract/index.js';
import { currentBranch, git, repositoryRoot } from '../git/git.js';
import { listBranches } from '../git/branches.js';
import { expandHome } from '../paths.js';
import { GroveError, notFound } from '../errors.js';
import { changedFields, withoutUndefined, type ServiceContext } from './context.js';

/** Hooks run before a project's records go, so running agents in it can be stopped first. */
export type BeforeProjectDelete = (project: Project) => Promise<void>;

export class ProjectsService {
  constructor(
    private readonly context: ServiceContext,
    private readonly beforeDelete: BeforeProjectDelete,
  ) {}

  list(): readonly Project[] {
    return this.context.store.projects;
  }

  get(projectId: string): Project {
    const project = this.context.store.projects.find((item) => item.id === projectId);
    if (!project) throw notFound('project', projectId);
    return project;
  }

  async create(input: CreateProject): Promise<Project> {
    const requested = path.resolve(expandHome(input.path));
    const folder = await stat(requested).catch(() => null);
    if (!folder?.isDirectory()) {
      throw new GroveError('folder-not-found', `${requested} was not found.`, 'path');
    }
    let root = await repositoryRoot(requested);
    if (!root && input.init) {
      await git(requested, ['init', '-q']);
      root = await repositoryRoot(requested);
    }
    if (!root) {
      throw new GroveError('not-a-git-repo', `${requested} is not a git repository.`, 'path');
    }
    const repoPath = await realpath(root);
    this.assertNotRegistered(repoPath);
    const now = nowSeconds();
    const project: Project = {
      id: randomUUID(),
      name: input.name ?? path.basename(repoPath),
      path: repoPath,
      created_at: now,
      updated_at: now,
      defaults: {
        backend: null,
        models: { claude: null, codex: null, opencode: null },
        thinking_level: null,
      },
    };
    const base: Worktree = {
      id: randomUUID(),
      project_id: project.id,
      name: 'base',
      kind: 'base',
      branch: await currentBranch(repoPath),
      base_branch: null,
      path: repoPath,
      created_at: now,
      updated_at: now,
      archived_at: null,
    };
    await this.context.store.updateCatalog((catalog) => {
      // Checked again here: a concurrent request for the same path may have won the awaits above.
      this.assertNotRegistered(repoPath);
      catalog.projects.push(project);
      catalog.worktrees.push(base);
    });
    this.context.hub.publish('project-created', { project });
    this.context.hub.publish('worktree-created', { worktree: base });
    return project;
  }

  /** The project repository's branches, for the base-branch picker. */
  async branches(projectId: string): Promise<BranchList> {
    return listBranches(this.get(projectId).path);
  }

  private assertNotRegistered(repoPath: string): void {
    const existing = this.list().find((project) => project.path === repoPath);
    if (existing) {
      throw new GroveError(
        'already-exists',
        `${repoPath} is already registered as project "${existing.name}" (${existing.id}).`,
        'path',
      );
    }
  }

  async update(projectId: string, patch: UpdateProject): Promise<Project> {
    const before = this.get(projectId);
    const defaults = patch.defaults ?? {};
    const next: Project = {
      ...before,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      defaults: {
        ...before.defaults,
        ...withoutUndefined({ backend: defaults.backend, thinking_level: defaults.thinking_level }),
        models: { ...before.defaults.models, ...withoutUndefined(defaults.models ?? {}) },
      },
    };
    const updates = changedFields(before, next);
    if (Object.keys(updates).length === 0) return before;
    next.updated_at = nowSeconds();
    updates.updated_at = next.updated_at;
    await this.context.store.updateCatalog((catalog) => {
      catalog.projects = catalog.projects.map((item) => (item.id === projectId ? next : item));
    });
    this.context.hub.publish('project-updated', { project_id: projectId, updates });
    return next;
  }

  /** Unregister the project; the repository and its worktree folders stay on disk untouched. */
  async remove(projectId: string): Promise<void> {
    const project = this.get(projectId);
    await this.beforeDelete(project);
    const worktreeIds = this.context.store.worktrees
      .filter((worktree) => worktree.project_id === projectId)
      .map((worktree) => worktree.id);
    await this.context.store.updateCatalog((catalog) => {
      catalog.projects = catalog.projects.filter((item) => item.id !== projectId);
      catalog.worktrees = catalog.worktrees.filter((item) => item.project_id !== projectId);
    });
    for (const worktreeId of worktreeIds) await this.context.store.dropSessions(worktreeId);
    this.context.hub.publish('project-deleted', { project_id: projectId });
  }
}
