import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  nowSeconds,
  type Project,
  type Terminal,
  type TerminalKind,
  type Worktree,
} from '../contract/index.js';
import { RunProcessRecord } from '../chat/process-registry.js';
import { GroveError, notFound } from '../errors.js';
import type { ServiceContext } from '../services/context.js';
import { shellCommand, terminalEnv, WorktreePorts } from './terminal-env.js';
import { loadPty, TerminalSession } from './terminal-session.js';

export const MAX_TERMINALS_PER_WORKTREE = 20;
const DEFAULT_SIZE = { cols: 80, rows: 24 };
const TITLES: Record<TerminalKind, string> = {
  shell: 'Shell',
  setup: 'Setup',
  run: 'Run',
  teardown: 'Teardown',
};

export interface OpenOptions {
  kind: TerminalKind;
  /** A command line for the login shell to run, or null for an interactive shell. */
  command: string | null;
  cols?: number | undefined;
  rows?: number | undefined;
  /** Told the exit code when the terminal's first process ends. */
  onExit?: (exitCode: number | null) => void;
}

/**
 * The PTYs of every worktree: created, resized and stopped over the API, broadcast as events,
 * their processes recorded so a Grove that dies leaves nothing running after its next start.
 */
export class TerminalService {
  private readonly sessions = new Map<string, TerminalSession>();
  private readonly records = new Map<string, RunProcessRecord>();
  private readonly ports = new WorktreePorts();
  private closed = false;

  constructor(
    private readonly context: ServiceContext,
    private readonly worktreeOf: (worktreeId: string) => Worktree,
  ) {}

  list(worktreeId: string): Terminal[] {
    this.worktreeOf(worktreeId);
    return this.all().filter((terminal) => terminal.worktree_id === worktreeId);
  }

  all(): Terminal[] {
    return [...this.sessions.values()].map((session) => session.info);
  }

  find(terminalId: string): TerminalSession | undefined {
    return this.sessions.get(terminalId);
  }

  session(terminalId: string): TerminalSession {
    const session = this.sessions.get(terminalId);
    if (!session) throw notFound('terminal', terminalId);
    return session;
  }

  /** A terminal the user asked for: counted against the limit of each worktree. */
  async create(
    worktreeId: string,
    options: Omit<OpenOptions, 'onExit' | 'command'> & { command?: string | null },
  ): Promise<Terminal> {
    const worktree = this.worktreeOf(worktreeId);
    if (this.list(worktreeId).length >= MAX_TERMINALS_PER_WORKTREE) {
      throw new GroveError(
        'too-many-terminals',
        `A worktree has at most ${MAX_TERMINALS_PER_WORKTREE} terminals; close one first.`,
      );
    }
    return this.open(worktree, { ...options, command: options.command ?? null });
  }

  /** Start a PTY in the worktree (scripts use this directly: setup is never refused). */
  async open(worktree: Worktree, options: OpenOptions): Promise<Terminal> {
    if (this.closed) throw new GroveError('invalid-request', 'Grove is shutting down.');
    if (!existsSync(worktree.path)) {
      throw new GroveError('invalid-request', `${worktree.path} no longer exists on disk.`);
    }
    const id = randomUUID();
    const port = await this.ports.portOf(worktree.id);
    // Awaited before the title is picked: from there to `sessions.set` nothing may interleave.
    const ptyModule = await loadPty();
    const env = terminalEnv(id, worktree, this.projectOf(worktree), port);
    const record = new RunProcessRecord(this.context.store, `terminal-${id}`, this.context.log);
    const { file, args } = shellCommand(options.command);
    const info: Terminal = {
      id,
      worktree_id: worktree.id,
      kind: options.kind,
      title: this.titleFor(worktree.id, options.kind),
      pid: null,
      status: 'running',
      exit_code: null,
      cols: options.cols ?? DEFAULT_SIZE.cols,
      rows: options.rows ?? DEFAULT_SIZE.rows,
      created_at: nowSeconds(),
    };
    let session: TerminalSession;
    try {
      session = TerminalSession.start(
        ptyModule,
        info,
        { file, args, cwd: worktree.path, env, cols: info.cols, rows: info.rows },
        {
          onProcesses: (processes) => record.note(processes),
          onExit: (exitCode) => {
            this.context.hub.publish('terminal-exited', {
              terminal_id: id,
              worktree_id: worktree.id,
              exit_code: exitCode,
            });
            options.onExit?.(exitCode);
          },
        },
      );
    } catch (error) {
      await record.clear();
      throw new GroveError('invalid-request', `The terminal could not start: ${String(error)}`);
    }
    this.sessions.set(id, session);
    this.records.set(id, record);
    this.context.hub.publish('terminal-created', { terminal: session.info });
    return session.info;
  }

  resize(terminalId: string, cols: number, rows: number): Terminal {
    const session = this.session(terminalId);
    session.resize(cols, rows);
    return session.info;
  }

  /** Stop the terminal's processes, all of them, and forget it. */
  async remove(terminalId: string): Promise<void> {
    const session = this.session(terminalId);
    await this.stopSession(session);
    if (!this.sessions.delete(terminalId)) return;
    this.records.delete(terminalId);
    session.closeClients('The terminal was closed.');
    this.context.hub.publish('terminal-deleted', {
      terminal_id: terminalId,
      worktree_id: session.info.worktree_id,
    });
  }

  /** Stop its processes but keep the terminal, so its output can still be read. */
  async stop(terminalId: string): Promise<Terminal> {
    const session = this.session(terminalId);
    await this.stopSession(session);
    return session.info;
  }

  /** Every terminal of a worktree that is going away. */
  async removeWorktree(worktreeId: string): Promise<void> {
    const ids = this.all().filter((terminal) => terminal.worktree_id === worktreeId);
    await Promise.all(ids.map((terminal) => this.remove(terminal.id).catch(() => undefined)));
    this.ports.forget(worktreeId);
  }

  /** Grove is quitting: every terminal stops, and none starts from now on. */
  async shutdown(): Promise<void> {
    this.closed = true;
    await Promise.all(
      [...this.sessions.values()].map(async (session) => {
        await this.stopSession(session);
        session.closeClients('Grove is shutting down.');
      }),
    );
    this.sessions.clear();
  }

  private async stopSession(session: TerminalSession): Promise<void> {
    await session.stop();
    // Only once nothing is left: until then a crash must still find them at the next start.
    await this.records.get(session.info.id)?.clear();
  }

  private projectOf(worktree: Worktree): Project {
    const project = this.context.store.projects.find((item) => item.id === worktree.project_id);
    if (!project) throw notFound('project', worktree.project_id);
    return project;
  }

  /** "Shell", "Shell 2", …: the lowest number free among the worktree's terminals of a kind. */
  private titleFor(worktreeId: string, kind: TerminalKind): string {
    const titles = new Set(this.list(worktreeId).map((terminal) => terminal.title));
    const base = TITLES[kind];
    if (!titles.has(base)) return base;
    let n = 2;
    while (titles.has(`${base} ${n}`)) n++;
    return `${base} ${n}`;
  }
}
