import type { MessageBoxOptions } from 'electron';
import type { Session } from '../server/contract/index.js';
import type { GroveServer } from '../server/server.js';
import type { Services } from '../server/routes/services.js';

/** Sessions with a run going or about to start, read from the services without changing them. */
export function activeSessions(services: Services): Session[] {
  const active: Session[] = [];
  for (const project of services.projects.list()) {
    for (const worktree of services.worktrees.list(project.id, true)) {
      for (const session of services.sessions.list(worktree.id, true)) {
        if (session.status === 'running' || session.status === 'queued') active.push(session);
      }
    }
  }
  return active;
}

export function confirmQuitDialog(active: readonly Session[]): MessageBoxOptions {
  const names = active.slice(0, 3).map((session) => `"${session.name}"`);
  if (active.length > 3) names.push(`${active.length - 3} more`);
  return {
    type: 'question',
    title: 'Quit Grove',
    message:
      active.length === 1
        ? `A run is still going in ${names[0]}.`
        : `${active.length} runs are still going: ${names.join(', ')}.`,
    detail: 'Quitting stops the agents now. What they have written so far is kept.',
    buttons: ['Quit and Stop Runs', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

/** What is used of Electron's `app` to quit. */
export interface QuitApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  exit(exitCode?: number): void;
}

export interface QuitDeps {
  app: QuitApp;
  /** The running server, or null when it has not started (or failed to). */
  server: () => Pick<GroveServer, 'services' | 'close'> | null;
  /** Ask whether to quit although runs are going; false cancels the quit. */
  confirm: (active: readonly Session[]) => Promise<boolean>;
  /** Last saves before the server closes (the window's place). */
  beforeClose?: () => Promise<void>;
  log: (message: string) => void;
  /** Longest wait for the server to close before exiting anyway. */
  closeTimeoutMs?: number;
}

export type QuitPhase = 'running' | 'confirming' | 'closing' | 'done';

export interface QuitController {
  readonly phase: QuitPhase;
  /** Quit as the user asked: confirm first if runs are going (unless `ask` is false). */
  quit(options?: { ask?: boolean }): Promise<void>;
}

/**
 * Every way of quitting (menu, Cmd+Q, last window closed, a signal, Playwright's `app.quit()`)
 * ends in `before-quit`; this takes it over: ask when runs are going, then close the server (which
 * stops every agent and flushes the store), then exit. The process never exits before the server
 * has closed, unless closing takes longer than `closeTimeoutMs`.
 */
export function installQuitHandler(deps: QuitDeps): QuitController {
  let phase: QuitPhase = 'running';
  let pending: Promise<void> = Promise.resolve();

  async function run(ask: boolean): Promise<void> {
    phase = 'confirming';
    const server = deps.server();
    let active: Session[] = [];
    try {
      if (server) active = activeSessions(server.services);
    } catch (error) {
      deps.log(`Grove: could not list running sessions: ${String(error)}`);
    }
    if (ask && active.length > 0 && !(await deps.confirm(active).catch(() => false))) {
      phase = 'running';
      return;
    }
    phase = 'closing';
    let code = 0;
    try {
      await deps.beforeClose?.();
    } catch (error) {
      deps.log(`Grove: could not save desktop state: ${String(error)}`);
    }
    try {
      if (server) await withTimeout(server.close(), deps.closeTimeoutMs ?? 15_000);
    } catch (error) {
      deps.log(`Grove: error while shutting down: ${String(error)}`);
      code = 1;
    }
    phase = 'done';
    deps.app.exit(code);
  }

  const controller: QuitController = {
    get phase() {
      return phase;
    },
    quit(options = {}) {
      if (phase === 'running') pending = run(options.ask ?? true);
      return pending;
    },
  };
  deps.app.on('before-quit', (event) => {
    if (phase === 'done') return;
    event.preventDefault();
    void controller.quit();
  });
  return controller;
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the server did not close within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
