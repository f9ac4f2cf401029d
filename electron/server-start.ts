import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { MessageBoxOptions } from 'electron';
import type { GroveServer, ServerOptions } from '../server/server.js';

export const DEFAULT_PORT = 3456;
export const DEFAULT_HOST = '127.0.0.1';

/** `GROVE_PORT` (tests pass 0 for any free port), else the port saved earlier, else 3456. */
export function configuredPort(env: NodeJS.ProcessEnv, saved: number | undefined): number {
  const raw = env.GROVE_PORT?.trim();
  if (raw === undefined || raw === '') return saved ?? DEFAULT_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new Error(`GROVE_PORT must be a port number from 0 to 65535, not "${raw}".`);
  }
  return port;
}

export function isPortInUse(error: unknown): boolean {
  return error instanceof Error && error.name === 'PortInUseError';
}

/** A port nothing listens on right now (the OS picks it). */
export function findFreePort(host: string = DEFAULT_HOST): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface StartServerDeps {
  createServer: (options: ServerOptions) => Promise<GroveServer>;
  /** Everything but the port. */
  options: Omit<ServerOptions, 'port'>;
  port: number;
  findFreePort: (host: string) => Promise<number>;
  /** Ask the user whether to use `offered` instead of the taken port; false means quit. */
  askToUsePort: (taken: number, offered: number) => Promise<boolean>;
  /** Save the port the user accepted, so the next launch starts there. */
  rememberPort: (port: number) => Promise<void>;
}

/** Offers after which Grove gives up (each offer is a port that was free a moment before). */
const MAX_OFFERS = 3;

/**
 * Start the server on the configured port. When something else holds it, offer a free port
 * instead: accepted, the server starts there and the port is remembered; declined, null (the
 * caller quits). Any other failure is thrown for the caller to report.
 */
export async function startServer(deps: StartServerDeps): Promise<GroveServer | null> {
  const host = deps.options.host ?? DEFAULT_HOST;
  let port = deps.port;
  for (let offers = 0; ; offers++) {
    try {
      const server = await deps.createServer({ ...deps.options, port });
      if (port !== deps.port) {
        // The server runs either way; failing to remember only means asking again next time.
        await deps.rememberPort(server.port).catch((error: unknown) => {
          deps.options.log?.(`Grove: could not save port ${server.port}: ${String(error)}`);
        });
      }
      return server;
    } catch (error) {
      if (!isPortInUse(error) || offers === MAX_OFFERS) throw error;
      const offered = await deps.findFreePort(host);
      if (!(await deps.askToUsePort(port, offered))) return null;
      port = offered;
    }
  }
}

/** The dialog shown when the port is taken. */
export function portInUseDialog(host: string, taken: number, offered: number): MessageBoxOptions {
  return {
    type: 'warning',
    title: 'Port in use',
    message: `Port ${taken} is already in use`,
    detail:
      `Another program is listening on ${host}:${taken}, so Grove cannot start its local server there.\n\n` +
      `Grove can use port ${offered} instead and will remember it for next time.`,
    buttons: [`Use Port ${offered}`, 'Quit Grove'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  };
}
