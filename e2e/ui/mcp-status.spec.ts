import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../support/ui-fixtures.js';

const ECHO_SERVER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../mcp/echo-server.mjs',
);

// The real Codex CLI starts both servers for the turn and reports each one's state.
test.use({ agentBackend: 'codex' });
test.describe.configure({ timeout: 240_000 });

test("the session's MCP menu shows each server's state and a failed one's error", async ({
  app,
  grove,
  page,
}) => {
  for (const [name, command, args] of [
    ['echo', process.execPath, [ECHO_SERVER]],
    ['broken', '/nonexistent/mcp-server', []],
  ] as const) {
    await grove.server.ok('POST', '/api/mcp/servers', {
      name,
      transport: 'stdio',
      command,
      args,
      tool_approval: 'allow',
    });
  }
  grove.stub!.script('Status please', [[{ text: 'All set.' }]]);
  await app.openWithSession(await grove.makeRepo(), { execution_mode: 'build' });
  await app.send('Status please');
  await expect(app.messages().filter({ hasText: 'All set.' })).toHaveCount(1, { timeout: 180_000 });

  await page.getByRole('button', { name: /^MCP / }).click();
  const menu = page.getByRole('group', { name: 'MCP servers for this session' });
  await expect(menu.getByLabel('echo')).toBeChecked();
  await expect(menu.locator('.mcp-toggle', { hasText: 'echo' })).toContainText('connected');
  const broken = menu.locator('.mcp-toggle', { hasText: 'broken' });
  await expect(broken).toContainText('failed');
  await expect(broken.locator('.mcp-status-error')).toContainText('broken');
});
