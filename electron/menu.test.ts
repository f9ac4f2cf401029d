import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applicationMenu } from './menu.js';

const roles = (platform: NodeJS.Platform) =>
  applicationMenu({ platform, openDataFolder: () => undefined }).map((item) => item.role);

test('the standard menus, with the app menu first on macOS', () => {
  assert.deepEqual(roles('linux'), ['fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help']);
  assert.deepEqual(roles('win32'), ['fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help']);
  assert.deepEqual(roles('darwin'), [
    'appMenu',
    'fileMenu',
    'editMenu',
    'viewMenu',
    'windowMenu',
    'help',
  ]);
});

test('Help opens the data folder, and has About where there is no app menu', () => {
  let opened = 0;
  const help = applicationMenu({ platform: 'linux', openDataFolder: () => opened++ }).at(-1);
  const items = Array.isArray(help?.submenu) ? help.submenu : [];
  assert.equal(items[0]?.label, 'Open Data Folder');
  (items[0]?.click as () => void)();
  assert.equal(opened, 1);
  assert.equal(items.at(-1)?.role, 'about');
});
