import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../support/ui-fixtures.js';
import { apiAnswer } from '../support/ui-wait.js';

const ECHO_SERVER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../mcp/echo-server.mjs',
);

test('add an MCP server with a secret, test it, and switch it off for one session', async ({
  app,
  grove,
  page,
}) => {
  const { sessionId } = await app.openWithSession(await grove.makeRepo());
  await app.button('Settings').click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('button', { name: 'Add server', exact: true }).click();
  const form = settings.getByRole('form', { name: 'MCP server' });
  await form.getByLabel('Name').fill('echo');
  await form.getByLabel('Command').fill(process.execPath);
  await form.getByLabel('Arguments (one per line)').fill(ECHO_SERVER);
  await form.getByLabel(/^Secret environment/).fill('ECHO_TOKEN=ui-secret-value');
  await apiAnswer(page, 'POST', '/api/mcp/servers', () =>
    form.getByRole('button', { name: 'Add server' }).click(),
  );
  const [stored] = await grove.server.ok('GET', '/api/mcp/servers');
  expect(stored.env).toEqual({ ECHO_TOKEN: { set: true } });

  await settings.getByRole('button', { name: 'Test echo' }).click();
  await expect(settings.getByRole('status').filter({ hasText: 'Connected' })).toHaveText(
    'Connected · tools: echo',
  );

  // Editing keeps the secret: it comes back masked and is sent as "keep".
  await settings.getByRole('button', { name: 'Edit echo' }).click();
  await expect(form.getByLabel(/^Secret environment/)).toHaveValue('ECHO_TOKEN=••••');
  await apiAnswer(page, 'PATCH', /\/api\/mcp\/servers\//, () =>
    form.getByRole('button', { name: 'Save server' }).click(),
  );
  const [edited] = await grove.server.ok('GET', '/api/mcp/servers');
  expect(edited.env).toEqual({ ECHO_TOKEN: { set: true } });
  await settings.getByRole('button', { name: 'Close' }).click();

  // The session copied the default-on server; switching it off is kept by the server.
  const menu = page.getByRole('button', { name: /^MCP / });
  await page.reload();
  await expect(menu).toHaveText('MCP 1/1');
  await menu.click();
  const toggle = page
    .getByRole('group', { name: 'MCP servers for this session' })
    .getByLabel('echo');
  await expect(toggle).toBeChecked();
  await apiAnswer(page, 'PUT', `/api/sessions/${sessionId}/mcp`, () => toggle.uncheck());
  expect((await grove.server.ok('GET', `/api/sessions/${sessionId}/mcp`)).enabled).toEqual([]);
  await expect(menu).toHaveText('MCP 0/1');
});
