// kill -9 during mixed writes: every write the API acknowledged is there after the restart.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { makeRepo, removeDir, tempDir } from '../../server/test-support/harness.js';
import { startServerProcess, type ServerProcess } from '../chat/server-process.js';
import { random, report, scale } from './torture-support.js';

const LEVELS = ['off', 'think', 'megathink', 'ultrathink'] as const;

describe('torture: kill -9 during mixed writes', { timeout: scale(300_000, 1_800_000) }, () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map(removeDir)));

  test('0 acknowledged writes lost', async () => {
    const root = await tempDir('grove-crash-');
    dirs.push(root);
    const dataDir = path.join(root, 'data');
    const repo = await makeRepo(root);
    const env = { PATH: process.env['PATH'] ?? '' };
    let server: ServerProcess = await startServerProcess(dataDir, env);
    const project = await server.api.post('/api/projects', { path: repo });
    assert.equal(project.status, 201);
    const worktreeId = (await server.api.get(`/api/projects/${project.body.id}/worktrees`)).body[0]
      .id as string;
    const next = random(99);
    const sessions = new Map<string, string>();
    const renamed = new Map<string, { acked: string; pending: string | null }>();
    let level: { acked: string | null; pending: string | null } = { acked: null, pending: null };
    let acknowledged = 0;
    const rounds = scale(3, 30);
    for (let round = 0; round < rounds; round++) {
      let stop = false;
      const writers = [
        // Sessions created one after another.
        async () => {
          for (let index = 0; !stop; index++) {
            const name = `r${round}-s${index}`;
            const created = await server.api
              .post(`/api/worktrees/${worktreeId}/sessions`, { name })
              .catch(() => null);
            if (created?.status !== 201) return;
            sessions.set(created.body.id, name);
            acknowledged += 1;
          }
        },
        // The preferences patched over and over.
        async () => {
          for (let index = 0; !stop; index++) {
            const value = LEVELS[index % 4] ?? 'off';
            level = { ...level, pending: value };
            const patched = await server.api
              .patch('/api/preferences', { default_thinking_level: value })
              .catch(() => null);
            if (patched?.status !== 200) return;
            level = { acked: value, pending: null };
            acknowledged += 1;
          }
        },
        // Sessions renamed, which rewrites their worktree's shard.
        async () => {
          for (let index = 0; !stop; index++) {
            const ids = [...sessions.keys()];
            const id = ids[Math.floor(next() * ids.length)];
            if (!id) {
              await new Promise((resolve) => setTimeout(resolve, 10));
              continue;
            }
            const name = `renamed-${round}-${index}`;
            const entry = renamed.get(id) ?? { acked: sessions.get(id) ?? '', pending: null };
            renamed.set(id, { ...entry, pending: name });
            const patched = await server.api
              .patch(`/api/sessions/${id}`, { name })
              .catch(() => null);
            if (patched?.status !== 200) return;
            renamed.set(id, { acked: name, pending: null });
            acknowledged += 1;
          }
        },
      ];
      const running = writers.map((writer) => writer());
      await new Promise((resolve) => setTimeout(resolve, 300 + next() * 1500));
      await server.crash();
      stop = true;
      await Promise.all(running);

      server = await startServerProcess(dataDir, env);
      const listed = await server.api.get(`/api/worktrees/${worktreeId}/sessions`);
      assert.equal(listed.status, 200);
      const byId = new Map<string, string>(
        (listed.body as { id: string; name: string }[]).map((session) => [
          session.id,
          session.name,
        ]),
      );
      for (const [id, name] of sessions) {
        assert.ok(byId.has(id), `round ${round}: acknowledged session ${name} is there`);
        const rename = renamed.get(id);
        const allowed = rename ? [rename.acked, rename.pending] : [name];
        assert.ok(allowed.includes(byId.get(id) ?? ''), `round ${round}: name of ${name}`);
      }
      const preferences = await server.api.get('/api/preferences');
      if (level.acked !== null) {
        assert.ok(
          [level.acked, level.pending].includes(preferences.body.default_thinking_level),
          `round ${round}: thinking level ${preferences.body.default_thinking_level}`,
        );
      }
      // What is on disk now is what the next round's checks start from.
      for (const id of renamed.keys())
        renamed.set(id, { acked: byId.get(id) ?? '', pending: null });
      level = { acked: preferences.body.default_thinking_level, pending: null };
    }
    await server.crash();
    report('kill -9 rounds', { rounds, acknowledged_writes: acknowledged, lost: 0 });
  });
});
