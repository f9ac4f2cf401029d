import { createServer } from 'node:net';
import type { Project, Worktree } from '../contract/index.js';
import { TERMINAL_MARKER } from './process-table.js';

const isWindows = process.platform === 'win32';

/** The user's login shell and how to make it run one command line, or be interactive. */
export function shellCommand(command: string | null): { file: string; args: string[] } {
  if (isWindows) {
    const file = process.env.COMSPEC ?? 'cmd.exe';
    return { file, args: command === null ? [] : ['/d', '/s', '/c', command] };
  }
  const file = process.env.SHELL || '/bin/sh';
  return { file, args: command === null ? ['-l'] : ['-l', '-c', command] };
}

/**
 * A free TCP port for each worktree's `GROVE_PORT`, the same one for as long as Grove runs, and
 * never one already handed to another worktree, so two dev servers do not collide.
 */
export class WorktreePorts {
  private readonly ports = new Map<string, number>();

  async portOf(worktreeId: string): Promise<number> {
    const known = this.ports.get(worktreeId);
    if (known !== undefined) return known;
    const taken = new Set(this.ports.values());
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    // Another call may have assigned one meanwhile; the first one wins.
    const settled = this.ports.get(worktreeId);
    if (settled !== undefined) return settled;
    this.ports.set(worktreeId, port);
    return port;
  }

  forget(worktreeId: string): void {
    this.ports.delete(worktreeId);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The environment of everything run in a worktree's terminals. */
export function terminalEnv(
  terminalId: string,
  worktree: Worktree,
  project: Project,
  port: number,
): Record<string, string> {
  const env: Record<string, string> = {};
  // Grove's own settings (GROVE_TOKEN above all) are not the scripts' business.
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('GROVE_')) env[key] = value;
  }
  return {
    ...env,
    TERM: 'xterm-256color',
    COLORTERM: 'truecolor',
    GROVE_WORKTREE_PATH: worktree.path,
    GROVE_ROOT_PATH: project.path,
    GROVE_BRANCH: worktree.branch,
    GROVE_PORT: String(port),
    // How Grove finds every process of the terminal when it stops it, whatever became of it.
    [TERMINAL_MARKER]: terminalId,
  };
}
