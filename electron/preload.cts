// Runs in the sandboxed renderer before the page. It hands the page one frozen object,
// `window.grove`, with one method per capability; the page never sees `ipcRenderer` itself.
// Sandboxed preloads load no local modules, so the channel names are repeated from bridge.ts
// (bridge.test.ts checks that they match).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- sandboxed preloads must be CommonJS
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

contextBridge.exposeInMainWorld(
  'grove',
  Object.freeze({
    getConnection: () => ipcRenderer.invoke('grove:get-connection'),
    notify: (title: string, body: string) => ipcRenderer.invoke('grove:notify', title, body),
    openExternal: (url: string) => ipcRenderer.invoke('grove:open-external', url),
    openPath: (folder: string) => ipcRenderer.invoke('grove:open-path', folder),
    pickFolder: () => ipcRenderer.invoke('grove:pick-folder'),
  }),
);
