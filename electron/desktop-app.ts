import path from 'node:path';
import type {
  BrowserWindowConstructorOptions,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  OpenDialogOptions,
} from 'electron';
import type { GroveServer, ServerOptions } from '../server/server.js';
import { registerBridge, type IpcHandlerRegistry } from './bridge.js';
import { DesktopStateFile, type Bounds, type StateFs } from './desktop-state.js';
import { applicationMenu } from './menu.js';
import { followThemePreference, type NativeThemeSource } from './native-theme.js';
import { notifyFinishedRuns, type Notice } from './notifications.js';
import { confirmQuitDialog, installQuitHandler, type QuitController } from './quit.js';
import {
  guardContents,
  guardSession,
  type GuardedContents,
  type GuardedSession,
  type Preventable,
} from './security.js';
import {
  configuredPort,
  DEFAULT_HOST,
  findFreePort,
  portInUseDialog,
  startServer,
} from './server-start.js';
import { safeStorageCipher, type DesktopSafeStorage } from './secret-cipher.js';
import { mergePaths } from './shell-path.js';
import { claimSingleInstance } from './single-instance.js';
import {
  bringToFront,
  mainWindowOptions,
  trackWindowState,
  type FocusableWindow,
  type WindowTracker,
} from './window.js';

// The main process, with Electron passed in: main.ts hands over the real modules, the tests
// hand over fakes of Electron's objects and the real server.

/** What is used of Electron's `app` (one overload per event, as Electron declares them). */
export interface DesktopApp {
  setPath(name: 'userData', value: string): void;
  getPath(name: 'userData'): string;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  quit(): void;
  exit(exitCode?: number): void;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: Preventable) => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
}

/** What is used of a `BrowserWindow`. */
export interface DesktopWindow extends FocusableWindow {
  webContents: GuardedContents;
  loadURL(url: string): Promise<void>;
  maximize(): void;
  isFocused(): boolean;
  getNormalBounds(): Bounds;
  isMaximized(): boolean;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'close', listener: (event: Preventable) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  on(event: 'resize', listener: () => void): unknown;
  on(event: 'move', listener: () => void): unknown;
  on(event: 'maximize', listener: () => void): unknown;
  on(event: 'unmaximize', listener: () => void): unknown;
}

export interface DesktopDialog {
  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
  showErrorBox(title: string, content: string): void;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export interface DesktopDeps {
  app: DesktopApp;
  dialog: DesktopDialog;
  ipc: IpcHandlerRegistry;
  /** The default session; Electron creates it only once the app is ready. */
  session: () => GuardedSession;
  createWindow: (options: BrowserWindowConstructorOptions) => DesktopWindow;
  setMenu: (template: MenuItemConstructorOptions[]) => void;
  openExternal: (url: string) => void;
  openPath: (folder: string) => void;
  showNotification: (notice: Pick<Notice, 'title' | 'body'>, onClick: () => void) => void;
  nativeTheme: NativeThemeSource;
  /** The work areas of today's screens. */
  workAreas: () => Bounds[];
  createServer: (options: ServerOptions) => Promise<GroveServer>;
  /** Electron's `safeStorage`, which seals MCP secrets in the OS keychain when it can. */
  safeStorage?: DesktopSafeStorage;
  findFreePort?: (host: string) => Promise<number>;
  /** The login shell's PATH, for an app started outside a terminal (see shell-path.ts). */
  loginShellPath?: () => Promise<string | null>;
  stateFs?: StateFs;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The preload script and the built renderer. */
  paths: { preload: string; renderer: string };
  log: (message: string) => void;
}

export interface Desktop {
  /** True once the window is open; false when this launch quits instead. */
  ready: Promise<boolean>;
  server(): GroveServer | null;
  window(): DesktopWindow | null;
  quit: QuitController | null;
}

/** The native folder dialog the add-project field opens in the desktop app. */
const ADD_PROJECT_DIALOG: OpenDialogOptions = {
  title: 'Add project',
  buttonLabel: 'Add',
  properties: ['openDirectory', 'createDirectory'],
};

export function runDesktop(deps: DesktopDeps): Desktop {
  const { app, dialog, log } = deps;
  // Tests (and anyone running two setups side by side) point the whole app at another folder.
  const dataOverride = deps.env.GROVE_DATA_DIR?.trim();
  if (dataOverride) app.setPath('userData', path.resolve(dataOverride));

  let server: GroveServer | null = null;
  let window: DesktopWindow | null = null;
  let tracker: WindowTracker | null = null;
  const desktop: Desktop = {
    ready: Promise.resolve(false),
    server: () => server,
    window: () => window,
    quit: null,
  };

  if (!claimSingleInstance(app, () => bringToFront(window ?? openWindow()))) {
    app.quit();
    return desktop;
  }
  const ask = async (options: MessageBoxOptions) =>
    (await dialog.showMessageBox(options)).response === 0;
  const quit = installQuitHandler({
    app,
    server: () => server,
    confirm: (active) => ask(confirmQuitDialog(active)),
    beforeClose: async () => tracker?.flush(),
    log,
  });
  desktop.quit = quit;

  let state: DesktopStateFile | null = null;
  let origin = '';

  function openWindow(): DesktopWindow | null {
    if (!server || !state) return null;
    const saved = state.current.window;
    const win = deps.createWindow(
      mainWindowOptions({ preload: deps.paths.preload, saved, workAreas: deps.workAreas() }),
    );
    window = win;
    guardContents(win.webContents, { origin, openExternal: deps.openExternal });
    const store = state;
    tracker = trackWindowState(win, (place) => store.update({ window: place }));
    let shown = false;
    const reveal = () => {
      if (shown || win.isDestroyed()) return;
      shown = true;
      if (saved?.maximized) win.maximize();
      win.show();
    };
    win.once('ready-to-show', reveal);
    win.on('close', (event) => {
      // On Windows and Linux closing the window quits, through the same confirmation as Quit.
      if (deps.platform === 'darwin' || quit.phase === 'done') return;
      event.preventDefault();
      if (quit.phase === 'running') app.quit();
    });
    win.on('closed', () => {
      if (window === win) window = null;
      tracker = null;
    });
    win
      .loadURL(`${server.url}/`)
      .catch((error: unknown) =>
        log(`Grove: the window could not load ${server?.url}: ${String(error)}`),
      )
      .finally(reveal);
    return win;
  }

  // Asked at once, in parallel with Electron getting ready; the server (and the git and agent
  // processes it starts) must see the full PATH.
  const shellPath = deps.loginShellPath?.().catch(() => null) ?? Promise.resolve(null);

  async function start(): Promise<boolean> {
    await app.whenReady();
    const found = await shellPath;
    if (found) deps.env.PATH = mergePaths(found, deps.env.PATH);
    const dataDir = app.getPath('userData');
    const store = DesktopStateFile.in(dataDir, deps.stateFs, log);
    state = store;
    const saved = await store.load();
    server = await startServer({
      createServer: deps.createServer,
      options: {
        host: DEFAULT_HOST,
        dataDir,
        rendererDir: deps.paths.renderer,
        log,
        secretCipher: safeStorageCipher(deps.safeStorage),
      },
      port: configuredPort(deps.env, saved.port),
      findFreePort: deps.findFreePort ?? findFreePort,
      askToUsePort: (taken, offered) => ask(portInUseDialog(DEFAULT_HOST, taken, offered)),
      rememberPort: (port) => store.update({ port }),
    });
    if (!server) {
      app.exit(0);
      return false;
    }
    const running = server;
    origin = new URL(running.url).origin;
    guardSession(deps.session(), origin);
    registerBridge(deps.ipc, () => origin, {
      connection: () => ({ baseUrl: running.url, token: running.token }),
      notify: (notice) => deps.showNotification(notice, () => bringToFront(window)),
      openExternal: deps.openExternal,
      openWorktree: (folder) => {
        // Only folders Grove itself shows: a page must not get the system to open anything else.
        if (!knownWorktreePaths(running).includes(folder))
          throw new Error('Grove: only a worktree folder can be opened.');
        deps.openPath(folder);
      },
      pickFolder: async () => {
        const picked = await dialog.showOpenDialog(ADD_PROJECT_DIALOG);
        return picked.canceled ? null : (picked.filePaths[0] ?? null);
      },
    });
    deps.setMenu(
      applicationMenu({ platform: deps.platform, openDataFolder: () => deps.openPath(dataDir) }),
    );
    followThemePreference({
      hub: running.hub,
      services: running.services,
      nativeTheme: deps.nativeTheme,
    });
    notifyFinishedRuns({
      hub: running.hub,
      services: running.services,
      inBackground: () =>
        !window || window.isDestroyed() || !window.isVisible() || !window.isFocused(),
      notify: (notice) => deps.showNotification(notice, () => bringToFront(window ?? openWindow())),
    });
    app.on('activate', () => bringToFront(window ?? openWindow()));
    app.on('window-all-closed', () => {
      if (deps.platform !== 'darwin') app.quit();
    });
    openWindow();
    return true;
  }

  // A failed start is one clear dialog and an exit, never a crash or a half-started app.
  desktop.ready = start().catch(async (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    log(`Grove: could not start: ${message}`);
    dialog.showErrorBox('Grove could not start', message);
    await server?.close().catch(() => undefined);
    server = null;
    app.exit(1);
    return false;
  });
  return desktop;
}

function knownWorktreePaths(server: GroveServer): string[] {
  const { projects, worktrees } = server.services;
  return projects
    .list()
    .flatMap((project) => worktrees.list(project.id, true).map((worktree) => worktree.path));
}
