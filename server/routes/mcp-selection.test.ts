import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { McpSelection, McpServer, Session, Worktree } from '../contract/index.js';
import { useReposServer } from '../test-support/repos-server.js';

const server = (name: string, extra: object = {}) => ({
  name,
  transport: 'stdio',
  command: 'true',
  ...extra,
});

describe('MCP choices per project and per session', () => {
  const t = useReposServer();

  async function baseWorktreeOf(projectId: string): Promise<Worktree> {
    const listed = await t.api.get<Worktree[]>(`/api/projects/${projectId}/worktrees`);
    const base = listed.body[0];
    assert.ok(base);
    return base;
  }

  test('a project remembers what it turned off; a server added later is on only where nobody decided', async () => {
    const { project } = await t.newProject();
    const first = await t.api.post<McpServer>('/api/mcp/servers', server('sel-first'));
    const quiet = await t.api.post<McpServer>(
      '/api/mcp/servers',
      server('sel-quiet', { enabled_by_default: false }),
    );
    const names = (selection: McpSelection) =>
      selection.enabled.filter((name) => name.startsWith('sel-'));

    const initial = await t.api.get<McpSelection>(`/api/projects/${project.id}/mcp`);
    assert.deepEqual(names(initial.body), ['sel-first'], 'only the default-on server');
    const off = await t.api.put<McpSelection>(`/api/projects/${project.id}/mcp`, { enabled: [] });
    assert.deepEqual(off.body.enabled, []);

    await t.api.post<McpServer>('/api/mcp/servers', server('sel-later'));
    const after = await t.api.get<McpSelection>(`/api/projects/${project.id}/mcp`);
    assert.deepEqual(names(after.body), ['sel-later'], 'sel-first stays off; the new one is on');

    const { project: other } = await t.newProject();
    const elsewhere = await t.api.get<McpSelection>(`/api/projects/${other.id}/mcp`);
    assert.deepEqual(names(elsewhere.body), ['sel-first', 'sel-later']);

    await t.restart();
    const reloaded = await t.api.get<McpSelection>(`/api/projects/${project.id}/mcp`);
    assert.deepEqual(names(reloaded.body), ['sel-later'], 'the choice survives a restart');
    for (const id of [first.body.id, quiet.body.id]) await t.api.delete(`/api/mcp/servers/${id}`);
  });

  test('a project server wins over a global one of the same name', async () => {
    const { project } = await t.newProject();
    await t.api.post('/api/mcp/servers', server('sel-shadow', { args: ['global'] }));
    const own = await t.api.post<McpServer>('/api/mcp/servers', {
      ...server('sel-shadow', { args: ['project'] }),
      scope: 'project',
      project_id: project.id,
    });
    assert.equal(own.status, 201);
    const selection = await t.api.get<McpSelection>(`/api/projects/${project.id}/mcp`);
    const shadow = selection.body.servers.filter((item) => item.name === 'sel-shadow');
    assert.deepEqual(
      shadow.map((item) => item.args),
      [['project']],
    );
    await t.api.delete(`/api/projects/${project.id}`);
    const left = await t.api.get<McpServer[]>('/api/mcp/servers');
    assert.ok(!left.body.some((item) => item.id === own.body.id), 'a project’s servers go with it');
  });

  test('a session copies its project’s set when created and keeps its own afterwards', async () => {
    const { project } = await t.newProject();
    await t.api.post('/api/mcp/servers', server('sel-session'));
    const worktree = await baseWorktreeOf(project.id);
    const created = await t.api.post<Session>(`/api/worktrees/${worktree.id}/sessions`);
    assert.equal(created.status, 201);
    const session = created.body;
    const copied = await t.api.get<McpSelection>(`/api/sessions/${session.id}/mcp`);
    assert.ok(copied.body.enabled.includes('sel-session'));

    await t.api.put(`/api/projects/${project.id}/mcp`, { enabled: [] });
    const kept = await t.api.get<McpSelection>(`/api/sessions/${session.id}/mcp`);
    assert.ok(
      kept.body.enabled.includes('sel-session'),
      'the project’s later choice does not reach it',
    );

    const toggled = await t.api.put<McpSelection>(`/api/sessions/${session.id}/mcp`, {
      enabled: ['sel-session', 'no-such-server'],
    });
    assert.deepEqual(toggled.body.enabled, ['sel-session'], 'unknown names are dropped');
    await t.api.put(`/api/sessions/${session.id}/mcp`, { enabled: [] });
    await t.restart();
    const reloaded = await t.api.get<McpSelection>(`/api/sessions/${session.id}/mcp`);
    assert.deepEqual(reloaded.body.enabled, []);
    const unknown = await t.api.get('/api/sessions/00000000-0000-4000-8000-000000000000/mcp');
    assert.equal(unknown.status, 404);
  });
});
