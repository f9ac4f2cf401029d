import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cleanUp, folder, launch } from './test-support/launch.js';

// The window's own colours (frame, menus, native dialogs) follow Grove's theme setting.

after(cleanUp);

test('the native theme follows the theme preference at start and on every change', async () => {
  const dataDir = await folder('grove-app-');
  const first = await launch({ dataDir, env: { GROVE_PORT: '0' } });
  assert.equal(await first.desktop.ready, true);
  assert.equal(first.nativeTheme.themeSource, 'system');
  const services = first.desktop.server()?.services;
  assert.ok(services);

  await services.preferences.update({ theme: 'dark' });
  assert.equal(first.nativeTheme.themeSource, 'dark');
  await services.preferences.update({ theme: 'light' });
  assert.equal(first.nativeTheme.themeSource, 'light');
  first.app.quit();
  assert.equal(await first.app.exited, 0);

  const second = await launch({ dataDir, env: { GROVE_PORT: '0' } });
  assert.equal(await second.desktop.ready, true);
  assert.equal(second.nativeTheme.themeSource, 'light', 'the saved choice applies from the start');
  await second.desktop.server()?.services.preferences.update({ theme: 'system' });
  assert.equal(second.nativeTheme.themeSource, 'system');
});
