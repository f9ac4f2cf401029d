import {
  nowSeconds,
  ScriptNames,
  type Project,
  type ProjectScripts,
  type Scripts,
  type Terminal,
  type UpdateProjectScripts,
  type Worktree,
  type WorktreeSetup,
} from '../contract/index.js';
import { GroveError, notFound } from '../errors.js';
import type { ServiceContext } from '../services/context.js';
import { effectiveScripts, projectScripts, readGroveConfig, scriptOf } from './grove-config.js';
import type { TerminalService } from './terminal-service.js';

/** How much of a failed teardown's output its error repeats. */
const TEARDOWN_TAIL_CHARS = 600;

/** The worktree record's side of setup: saved and broadcast by the worktrees service. */
export type SetupRecorder = (worktreeId: string, setup: WorktreeSetup) => Promise<Worktree>;

/**
 * grove.json's scripts in a worktree's terminals: setup after the worktree is created, run when
 * the user asks, teardown before it is removed. Project settings override the file.
 */
export class WorktreeScripts {
  constructor(
    private readonly context: ServiceContext,
    private readonly terminals: TerminalService,
    private readonly recordSetup: SetupRecorder,
  ) {}

  /** The project's scripts as its own checkout's grove.json and its settings make them. */
  forProject(projectId: string): Promise<ProjectScripts> {
    const project = this.project(projectId);
    return projectScripts(project, project.path);
  }

  async updateOverrides(projectId: string, patch: UpdateProjectScripts): Promise<ProjectScripts> {
    const before = this.project(projectId).scripts ?? {};
    const scripts: Scripts = {};
    for (const name of ScriptNames) {
      const value = patch[name] === undefined ? before[name] : patch[name];
      if (value !== undefined && value !== null) scripts[name] = value;
    }
    const updatedAt = nowSeconds();
    await this.context.store.updateCatalog((catalog) => {
      catalog.projects = catalog.projects.map((item) =>
        item.id === projectId ? { ...item, scripts, updated_at: updatedAt } : item,
      );
    });
    this.context.hub.publish('project-updated', {
      project_id: projectId,
      updates: { scripts, updated_at: updatedAt },
    });
    return this.forProject(projectId);
  }

  /**
   * Right after a worktree is created: start its setup script in a `setup` terminal and note it
   * on the worktree. The worktree is usable whatever becomes of the script.
   */
  async setUp(worktree: Worktree): Promise<Worktree> {
    const { scripts, error } = await this.scriptsIn(worktree);
    if (error !== null) {
      this.context.log(`Grove: setup skipped: ${error}`);
      return this.recordSetup(worktree.id, failed(null, error));
    }
    const command = scriptOf(scripts, 'setup');
    if (command === null) return worktree;
    const running = await this.recordSetup(worktree.id, {
      status: 'running',
      exit_code: null,
      finished_at: null,
    });
    const finish = (setup: WorktreeSetup) =>
      void this.recordSetup(worktree.id, setup).catch((failure: unknown) => {
        // The worktree may be gone by then; nothing is left to record.
        this.context.log(`Grove: setup result not recorded: ${String(failure)}`);
      });
    try {
      await this.terminals.open(running, {
        kind: 'setup',
        command,
        onExit: (code) =>
          finish(
            code === 0
              ? { status: 'succeeded', exit_code: 0, finished_at: nowSeconds() }
              : failed(code, null),
          ),
      });
    } catch (failure) {
      return this.recordSetup(worktree.id, failed(null, String(failure)));
    }
    return running;
  }

  /** After a restart: a setup that was running when Grove stopped did not finish. */
  async recoverInterruptedSetups(): Promise<void> {
    for (const worktree of this.context.store.worktrees) {
      if (worktree.setup?.status !== 'running') continue;
      await this.recordSetup(
        worktree.id,
        failed(null, 'Grove stopped before setup finished.'),
      ).catch((error: unknown) => this.context.log(`Grove: ${String(error)}`));
    }
  }

  /** Start the run script, or hand back the one already running. */
  async startRun(
    worktree: Worktree,
    size: { cols?: number | undefined; rows?: number | undefined },
  ): Promise<Terminal> {
    const current = this.runTerminals(worktree.id);
    const running = current.find((terminal) => terminal.status === 'running');
    if (running) return running;
    const command = await this.requireScript(worktree, 'run');
    // The last run's output goes with it: one Run tab per worktree.
    for (const old of current) await this.terminals.remove(old.id);
    return this.terminals.create(worktree.id, { kind: 'run', command, ...size });
  }

  /** Stop the run script; its terminal stays so its output can be read. */
  async stopRun(worktree: Worktree): Promise<Terminal | null> {
    const running = this.runTerminals(worktree.id).find((item) => item.status === 'running');
    return running ? this.terminals.stop(running.id) : null;
  }

  /**
   * Before removal: run the teardown script to its end. A failure refuses the removal (its
   * terminal stays to be read) unless `force`.
   */
  async tearDown(worktree: Worktree, force: boolean): Promise<void> {
    const { scripts, error } = await this.scriptsIn(worktree);
    if (error !== null && !force) {
      throw new GroveError(
        'teardown-failed',
        `${error}; fix it, or delete with ?force=true to remove without teardown.`,
      );
    }
    const command = scriptOf(scripts, 'teardown');
    if (command === null) return;
    const exitCode = new Promise<number | null>((resolve) => {
      void this.terminals
        .open(worktree, { kind: 'teardown', command, onExit: resolve })
        .catch((failure: unknown) => {
          this.context.log(`Grove: teardown could not start: ${String(failure)}`);
          resolve(null);
        });
    });
    const code = await exitCode;
    if (code === 0 || force) return;
    const teardown = this.terminals
      .list(worktree.id)
      .filter((terminal) => terminal.kind === 'teardown')
      .at(-1);
    const tail = teardown ? this.terminals.session(teardown.id).textTail(TEARDOWN_TAIL_CHARS) : '';
    throw new GroveError(
      'teardown-failed',
      `The teardown script exited with code ${code ?? 'none'}; the worktree was kept. ` +
        `Delete with ?force=true to remove it anyway.${tail ? `\n${tail}` : ''}`,
    );
  }

  private runTerminals(worktreeId: string): Terminal[] {
    return this.terminals.list(worktreeId).filter((terminal) => terminal.kind === 'run');
  }

  private async requireScript(worktree: Worktree, name: 'run'): Promise<string> {
    const { scripts, error } = await this.scriptsIn(worktree);
    if (error !== null) throw new GroveError('no-script', error);
    const command = scriptOf(scripts, name);
    if (command === null) {
      throw new GroveError(
        'no-script',
        `No ${name} script: add "scripts": {"${name}": "…"} to grove.json, or set one in the project's settings.`,
      );
    }
    return command;
  }

  /** Scripts as the worktree's own checkout of grove.json says, under the project's overrides. */
  private async scriptsIn(worktree: Worktree): Promise<{ scripts: Scripts; error: string | null }> {
    const project = this.project(worktree.project_id);
    const read = await readGroveConfig(worktree.path);
    return { scripts: effectiveScripts(read.scripts, project.scripts ?? {}), error: read.error };
  }

  private project(projectId: string): Project {
    const project = this.context.store.projects.find((item) => item.id === projectId);
    if (!project) throw notFound('project', projectId);
    return project;
  }
}

function failed(exitCode: number | null, error: string | null): WorktreeSetup {
  return { status: 'failed', exit_code: exitCode, finished_at: nowSeconds(), error };
}
