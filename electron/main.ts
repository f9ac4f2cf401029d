// Electron's entry point: the real Electron modules and the real server, handed to runDesktop.
// Everything that decides anything lives in the modules it imports, which are unit-tested.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  Notification,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron';
import { createServer } from '../server/server.js';
import { runDesktop } from './desktop-app.js';
import { loginShellPath } from './shell-path.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (message: string) => console.error(message);

// Every renderer runs sandboxed, whatever a window's options say.
app.enableSandbox();

// Shown notifications are kept until dismissed: a collected one loses its click handler.
const shown = new Set<Notification>();

const desktop = runDesktop({
  app,
  dialog,
  ipc: ipcMain,
  session: () => session.defaultSession,
  createWindow: (options) => new BrowserWindow(options),
  setMenu: (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(template)),
  openExternal: (url) => {
    shell
      .openExternal(url)
      .catch((error: unknown) => log(`Grove: could not open ${url}: ${String(error)}`));
  },
  openPath: (folder) => {
    void shell
      .openPath(folder)
      .then((error) => error && log(`Grove: could not open ${folder}: ${error}`));
  },
  showNotification: ({ title, body }, onClick) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    shown.add(notification);
    notification.on('click', onClick);
    notification.on('close', () => shown.delete(notification));
    notification.show();
  },
  nativeTheme,
  workAreas: () => screen.getAllDisplays().map((display) => display.workArea),
  createServer,
  safeStorage,
  loginShellPath: () => loginShellPath({ shell: process.env.SHELL, platform: process.platform }),
  env: process.env,
  platform: process.platform,
  paths: {
    preload: path.join(here, 'preload.cjs'),
    renderer: path.resolve(here, '..', 'renderer'),
  },
  log,
});

// Ctrl+C on `npm start`, or a system shutdown: no one to ask, but the same orderly close.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void desktop.quit?.quit({ ask: false }));
}
