// Starts the whole main process as main.ts does, with the real server and fakes for Electron's
// objects only. Everything made is removed by `cleanUp`, which each test file calls after its tests.
import type { DesktopSafeStorage } from '../secret-cipher.js';
import { writeFile } from 'node:fs/promises';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { createServer } from '../../server/server.js';
import { runDesktop, type Desktop } from '../desktop-app.js';
import type { NativeThemeSource } from '../native-theme.js';
import { FakeApp, FakeDialog, FakeIpc, FakeSession, FakeWindow } from './fakes.js';
import { removeDir, removeRepos, tempDir } from './grove.js';

const cleanups: (() => Promise<void>)[] = [];

export async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await removeRepos();
}

export function onCleanUp(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

export async function folder(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  cleanups.push(() => removeDir(dir));
  return dir;
}

/** A built renderer stand-in: the server serves whatever index.html it finds. */
async function rendererDir(): Promise<string> {
  const dir = await folder('grove-renderer-');
  await writeFile(
    path.join(dir, 'index.html'),
    '<!doctype html><title>Grove</title><div id="root"></div>',
  );
  return dir;
}

export interface Launch {
  desktop: Desktop;
  app: FakeApp;
  dialog: FakeDialog;
  ipc: FakeIpc;
  session: FakeSession;
  windows: FakeWindow[];
  menus: MenuItemConstructorOptions[][];
  opened: string[];
  notifications: { title: string; body: string; onClick: () => void }[];
  /** Electron's `nativeTheme` as the main process left it. */
  nativeTheme: NativeThemeSource;
  starts: number[];
  logs: string[];
  env: NodeJS.ProcessEnv;
  /** The PATH the server saw when it was created. */
  serverPaths: (string | undefined)[];
}

export async function launch(options: {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  lockAvailable?: boolean;
  answers?: number[];
  loginShellPath?: () => Promise<string | null>;
  safeStorage?: DesktopSafeStorage;
}): Promise<Launch> {
  const app = new FakeApp('/default/user-data');
  app.lockAvailable = options.lockAvailable ?? true;
  const dialog = new FakeDialog();
  dialog.answers.push(...(options.answers ?? []));
  const launched: Omit<Launch, 'desktop'> = {
    app,
    dialog,
    ipc: new FakeIpc(),
    session: new FakeSession(),
    windows: [],
    menus: [],
    opened: [],
    notifications: [],
    nativeTheme: { themeSource: 'system' },
    starts: [],
    logs: [],
    env: { GROVE_DATA_DIR: options.dataDir, PATH: '/usr/bin:/bin', ...options.env },
    serverPaths: [],
  };
  const renderer = await rendererDir();
  const desktop = runDesktop({
    app,
    dialog,
    ipc: launched.ipc,
    session: () => launched.session,
    createWindow: (windowOptions) => {
      const window = new FakeWindow(windowOptions);
      launched.windows.push(window);
      return window;
    },
    setMenu: (template) => launched.menus.push(template),
    openExternal: (url) => launched.opened.push(url),
    openPath: (dir) => launched.opened.push(dir),
    showNotification: (notice, onClick) => launched.notifications.push({ ...notice, onClick }),
    nativeTheme: launched.nativeTheme,
    workAreas: () => [{ x: 0, y: 0, width: 1920, height: 1080 }],
    createServer: (serverOptions) => {
      launched.starts.push(serverOptions.port);
      launched.serverPaths.push(launched.env.PATH);
      return createServer(serverOptions);
    },
    ...(options.loginShellPath ? { loginShellPath: options.loginShellPath } : {}),
    ...(options.safeStorage ? { safeStorage: options.safeStorage } : {}),
    env: launched.env,
    platform: options.platform ?? 'linux',
    paths: { preload: '/app/dist/electron/preload.cjs', renderer },
    log: (line) => launched.logs.push(line),
  });
  cleanups.push(async () => {
    if (app.exitCode === null) await desktop.server()?.close();
  });
  return { desktop, ...launched };
}

export async function occupiedPort(): Promise<number> {
  const blocker = createNetServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
  return (blocker.address() as AddressInfo).port;
}
