import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { McpServer, McpTestResult } from '../contract/index.js';
import { errorCode } from '../test-support/http.js';
import { useReposServer } from '../test-support/repos-server.js';

const ECHO_SERVER = path.resolve(import.meta.dirname, '../../e2e/mcp/echo-server.mjs');
const SECRET = 'hunter2-grove-secret';

const echoStdio = (name: string, extra: object = {}) => ({
  name,
  transport: 'stdio',
  command: process.execPath,
  args: [ECHO_SERVER],
  env: { ECHO_TOKEN: { secret: SECRET }, MODE: 'plain' },
  ...extra,
});

describe('MCP servers: definitions, secrets and connection tests', () => {
  const t = useReposServer();

  test('a secret is stored in a private file and never answered; {"set": true} keeps it', async () => {
    const created = await t.api.post<McpServer>('/api/mcp/servers', echoStdio('echo-crud'));
    assert.equal(created.status, 201);
    const server = created.body;
    assert.deepEqual(server.env, { ECHO_TOKEN: { set: true }, MODE: 'plain' });
    assert.equal(server.scope, 'global');
    assert.equal(server.project_id, null);
    assert.deepEqual(server.agents, ['claude', 'codex', 'opencode']);
    assert.equal(server.enabled_by_default, true);
    assert.equal(server.tool_approval, 'ask');

    const listed = await t.api.get('/api/mcp/servers');
    assert.ok(!JSON.stringify(listed.body).includes(SECRET), 'the list hides the secret');
    assert.ok(!(await readFile(path.join(t.dataDir, 'mcp.json'), 'utf8')).includes(SECRET));
    const secretsFile = path.join(t.dataDir, 'secrets.json');
    assert.ok((await readFile(secretsFile, 'utf8')).includes(SECRET));
    assert.equal((await stat(secretsFile)).mode & 0o777, 0o600);

    const renamed = await t.api.patch<McpServer>(`/api/mcp/servers/${server.id}`, {
      name: 'echo-renamed',
      env: server.env,
    });
    assert.equal(renamed.status, 200);
    assert.deepEqual(renamed.body.env, server.env, 'the secret is kept');
    const tested = await t.api.post<McpTestResult>(`/api/mcp/servers/${server.id}/test`);
    assert.equal(tested.status, 200);
    assert.equal(tested.body.ok, true, tested.body.error ?? '');

    const replaced = await t.api.patch(`/api/mcp/servers/${server.id}`, { env: { MODE: 'x' } });
    assert.deepEqual(replaced.body.env, { MODE: 'x' });
    assert.ok(
      !(await readFile(secretsFile, 'utf8')).includes(SECRET),
      'a dropped secret is erased',
    );
    assert.equal((await t.api.delete(`/api/mcp/servers/${server.id}`)).status, 204);
    assert.equal(
      errorCode((await t.api.delete(`/api/mcp/servers/${server.id}`)).body),
      'not-found',
    );
  });

  test('bad definitions get a clear 4xx', async () => {
    const cases: [object, number, string][] = [
      [{ name: 'no-command', transport: 'stdio' }, 400, 'command'],
      [{ name: 'no-url', transport: 'http' }, 400, 'url'],
      [{ name: 'bad name!', transport: 'stdio', command: 'x' }, 400, 'name'],
      [{ name: 'ftp', transport: 'sse', url: 'ftp://host/x' }, 400, 'url'],
      [{ name: 'keep', transport: 'stdio', command: 'x', env: { A: { set: true } } }, 400, 'env.A'],
      [{ name: 'orphan', transport: 'stdio', command: 'x', scope: 'project' }, 400, 'project_id'],
    ];
    for (const [body, status, field] of cases) {
      const response = await t.api.post('/api/mcp/servers', body);
      assert.equal(response.status, status, JSON.stringify(body));
      assert.match(JSON.stringify(response.body), new RegExp(field.replace('.', '\\.')));
    }
    const first = await t.api.post('/api/mcp/servers', echoStdio('twice'));
    assert.equal(first.status, 201);
    const clash = await t.api.post('/api/mcp/servers', echoStdio('twice'));
    assert.equal(clash.status, 409);
    assert.equal(errorCode(clash.body), 'already-exists');
  });

  test('test connection: the tools of a working server, the error of a broken one', async () => {
    const echo = await t.api.post<McpServer>('/api/mcp/servers', echoStdio('echo-test'));
    const result = await t.api.post<McpTestResult>(`/api/mcp/servers/${echo.body.id}/test`);
    assert.deepEqual(result.body, {
      ok: true,
      error: null,
      tools: [{ name: 'echo', description: 'Echo the text back' }],
    });
    const broken = await t.api.post<McpServer>('/api/mcp/servers', {
      name: 'broken',
      transport: 'stdio',
      command: '/nonexistent/grove-mcp-server',
    });
    const failed = await t.api.post<McpTestResult>(`/api/mcp/servers/${broken.body.id}/test`);
    assert.equal(failed.status, 200);
    assert.equal(failed.body.ok, false);
    assert.match(failed.body.error ?? '', /ENOENT|not found|closed/i);
  });

  test('an http server gets its secret header', async () => {
    const child = spawn(process.execPath, [ECHO_SERVER, '--http', '0'], {
      env: { ...process.env, ECHO_TOKEN: SECRET },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const port = await new Promise<string>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => {
          const match = /listening (\d+)/.exec(chunk.toString());
          if (match?.[1]) resolve(match[1]);
        }),
      );
      const created = await t.api.post<McpServer>('/api/mcp/servers', {
        name: 'echo-http',
        transport: 'http',
        url: `http://127.0.0.1:${port}/mcp`,
        headers: { Authorization: { secret: `Bearer ${SECRET}` } },
      });
      assert.deepEqual(created.body.headers, { Authorization: { set: true } });
      const result = await t.api.post<McpTestResult>(`/api/mcp/servers/${created.body.id}/test`);
      assert.equal(result.body.ok, true, result.body.error ?? '');
      assert.deepEqual(
        result.body.tools.map((tool) => tool.name),
        ['echo'],
      );
      await t.api.patch(`/api/mcp/servers/${created.body.id}`, {
        headers: { Authorization: { secret: 'Bearer wrong' } },
      });
      const refused = await t.api.post<McpTestResult>(`/api/mcp/servers/${created.body.id}/test`);
      assert.equal(refused.body.ok, false);
      assert.match(refused.body.error ?? '', /401|wrong token/);
    } finally {
      child.kill();
    }
  });
});
