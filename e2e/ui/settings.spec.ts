import { expect, test } from '../support/ui-fixtures.js';

test('settings show the API URL and token, and change the defaults on the server', async ({
  app,
  grove,
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open();
  await app.button('Settings').click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();

  await expect(settings.getByRole('textbox', { name: 'API URL' })).toHaveValue(grove.server.url);
  const token = settings.getByLabel('Token', { exact: true });
  await expect(token).toHaveAttribute('type', 'password');
  await expect(token).toHaveValue(grove.server.token);
  await settings.getByRole('button', { name: 'Show' }).click();
  await expect(token).toHaveAttribute('type', 'text');
  await settings.getByRole('button', { name: 'Copy token' }).click();
  // The copy resolves after the click returns: wait for the clipboard to hold the token.
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toBe(grove.server.token);

  await settings.getByLabel('Backend', { exact: true }).selectOption('opencode');
  await expect
    .poll(async () => (await grove.server.ok('GET', '/api/preferences')).default_backend)
    .toBe('opencode');
  await settings.getByLabel('Thinking level').selectOption('think');
  await expect
    .poll(async () => (await grove.server.ok('GET', '/api/preferences')).default_thinking_level)
    .toBe('think');
  const codexModel = settings.getByLabel('Codex model');
  await codexModel.fill('gpt-5.5-mini');
  await codexModel.press('Enter');
  await expect
    .poll(async () => (await grove.server.ok('GET', '/api/preferences')).default_models.codex)
    .toBe('gpt-5.5-mini');

  // The CLI section lists each backend with a path override.
  for (const name of ['Claude Code', 'Codex', 'OpenCode']) {
    await expect(settings.getByRole('listitem').filter({ hasText: name })).toBeVisible();
  }
  await expect(settings.getByLabel('Path to the executable')).toHaveCount(3);
  const claudePath = settings.getByLabel('Path to the executable').first();
  await claudePath.fill('/opt/claude/bin/claude');
  await claudePath.press('Enter');
  await expect
    .poll(async () => (await grove.server.ok('GET', '/api/preferences')).cli_paths.claude)
    .toBe('/opt/claude/bin/claude');

  // A change made elsewhere shows up in the open dialog.
  await grove.server.ok('PATCH', '/api/preferences', { default_execution_mode: 'build' });
  await expect(settings.getByLabel('Mode', { exact: true })).toHaveValue('build');
});

test('a stale token leads to a clear prompt, and the right token gets in', async ({
  app,
  grove,
  page,
}) => {
  await page.goto(`${grove.server.url}/?token=not-the-token`);
  await expect(page.getByRole('heading', { name: 'Connect to Grove' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('not accepted');
  expect(page.url()).not.toContain('token=');

  await page.getByLabel('Access token').fill(grove.server.token);
  await page.getByRole('button', { name: 'Connect' }).click();
  await app.expectLive();

  // Kept for the next visit: a plain reload needs no token.
  await page.reload();
  await app.expectLive();
});

test('regenerating the token switches this window over and shuts the old token out', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('token-demo');
  await app.open();
  const old = grove.server.token;
  await app.button('Settings').click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('button', { name: 'Regenerate token…' }).click();
  await settings.getByRole('button', { name: 'Replace token' }).click();
  await expect(settings.getByRole('status').filter({ hasText: 'New token in use' })).toBeVisible();

  const token = settings.getByLabel('Token', { exact: true });
  await expect(token).not.toHaveValue(old);
  const fresh = await token.inputValue();
  grove.server.token = fresh;
  await app.expectLive();
  expect(
    (
      await fetch(`${grove.server.url}/api/projects`, {
        headers: { authorization: `Bearer ${old}` },
      })
    ).status,
  ).toBe(401);

  // Live updates flow on the new token, and a reload keeps it.
  await grove.server.ok('POST', '/api/projects', { path: repo });
  await expect(app.project('token-demo')).toBeVisible();
  await page.reload();
  await app.expectLive();
  await expect(app.project('token-demo')).toBeVisible();
});

test('inside Electron the preload bridge gives the connection, with no token prompt', async ({
  app,
  grove,
  page,
}) => {
  await page.addInitScript(
    ([baseUrl, token]) => {
      Object.assign(window, { grove: { getConnection: async () => ({ baseUrl, token }) } });
    },
    [grove.server.url, grove.server.token],
  );
  await page.goto(grove.server.url);
  await app.expectLive();
  expect(await page.evaluate(() => localStorage.getItem('grove.token'))).toBeNull();
});
