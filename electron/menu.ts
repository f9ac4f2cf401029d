import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu. Electron's role menus carry the usual items and shortcuts for each
 * platform (undo/redo, cut/copy/paste, select all, reload, zoom, full screen, minimise, quit).
 */
export function applicationMenu(options: {
  platform: NodeJS.Platform;
  openDataFolder: () => void;
}): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const help: MenuItemConstructorOptions[] = [
    { label: 'Open Data Folder', click: options.openDataFolder },
  ];
  if (!mac) help.push({ type: 'separator' }, { role: 'about' });
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: help },
  ];
}
