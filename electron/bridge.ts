import { externalUrl, isSameOrigin } from './security.js';

// The page reaches the main process only through these channels, each one capability, and only
// from Grove's own origin. `preload.cts` is the other half; it must use the same names (a test
// checks) and cannot import them, because a sandboxed preload loads no local modules.

export const BRIDGE_CHANNELS = {
  getConnection: 'grove:get-connection',
  notify: 'grove:notify',
  openExternal: 'grove:open-external',
  openPath: 'grove:open-path',
  pickFolder: 'grove:pick-folder',
} as const;

export interface Connection {
  baseUrl: string;
  token: string;
}

/** What the renderer finds as `window.grove` when it runs inside the desktop app. */
export interface GroveBridge {
  getConnection(): Promise<Connection>;
  notify(title: string, body: string): Promise<void>;
  openExternal(url: string): Promise<void>;
  /** Open one of Grove's worktree folders with the system (its file manager). */
  openPath(folder: string): Promise<void>;
  /** The system's folder dialog; the folder chosen, or null when the user cancels. */
  pickFolder(): Promise<string | null>;
}

export interface BridgeHandlers {
  connection(): Connection;
  notify(notice: { title: string; body: string }): void;
  openExternal(url: string): void;
  /** Throws unless `folder` is a worktree Grove knows. */
  openWorktree(folder: string): void;
  pickFolder(): Promise<string | null>;
}

/** What is used of an IPC invoke event: who sent it. */
export interface InvokeEvent {
  senderFrame: { url: string } | null;
}

/** What is used of Electron's `ipcMain`. */
export interface IpcHandlerRegistry {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
}

const MAX_TITLE = 200;
const MAX_BODY = 1000;

export function registerBridge(
  ipc: IpcHandlerRegistry,
  origin: () => string,
  handlers: BridgeHandlers,
): void {
  const handle = (channel: string, listener: (...args: unknown[]) => unknown) => {
    ipc.handle(channel, (event, ...args) => {
      const sender = event.senderFrame?.url ?? '';
      if (!isSameOrigin(sender, origin()))
        throw new Error(`Grove: ${channel} refused for ${sender || 'an unknown frame'}.`);
      return listener(...args);
    });
  };
  handle(BRIDGE_CHANNELS.getConnection, () => handlers.connection());
  handle(BRIDGE_CHANNELS.notify, (title, body) => {
    handlers.notify({
      title: text(title, MAX_TITLE, 'title'),
      body: text(body ?? '', MAX_BODY, 'body'),
    });
  });
  handle(BRIDGE_CHANNELS.openExternal, (url) => {
    const safe = typeof url === 'string' ? externalUrl(url) : null;
    if (!safe) throw new Error('Grove: only http, https and mailto links can be opened.');
    handlers.openExternal(safe);
  });
  handle(BRIDGE_CHANNELS.openPath, (folder) => {
    if (typeof folder !== 'string') throw new TypeError('Grove: the folder must be a string.');
    handlers.openWorktree(folder);
  });
  handle(BRIDGE_CHANNELS.pickFolder, () => handlers.pickFolder());
}

function text(value: unknown, max: number, name: string): string {
  if (typeof value !== 'string') throw new TypeError(`Grove: ${name} must be a string.`);
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
