// Shared runner for the server/http/bad-inputs-*.test.ts files: each file lists its cases and
// calls describeBadInputs, which sends every one to a real server and checks the answer.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Project, Worktree } from '../contract/index.js';
import { catalogBytes, gitIn, worktreePaths } from './git.js';
import { makeRepo, removeDir, startTestServer, type TestServer } from './harness.js';
import { rawRequest } from './http.js';

export interface BadInput {
  label: string;
  method: string;
  /** `:project` and `:worktree` are replaced with real ids. */
  path: string;
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  code: string;
  field?: string;
  /** What the message must say, when it matters. */
  message?: RegExp;
}

export const JSON_TYPE = { 'content-type': 'application/json' };

const GIT_UNTOUCHED = 'no bad input touched git: the same worktrees and branches as before';

/**
 * One test per case against a real server with one project and one extra worktree: always a 4xx
 * JSON error, never a 500, never a changed store. After the cases, git must be as it was: as a
 * test of its own when `gitTest` is set (once across the files, so the test count stays what it
 * was), otherwise as a check in the `after` hook, which fails the file just the same.
 */
export function describeBadInputs(cases: readonly BadInput[], options: { gitTest?: boolean } = {}) {
  describe('bad inputs: always a 4xx JSON error, never a 500, never a changed store', () => {
    let t: TestServer;
    let repo: string;
    let project: Project;
    let worktree: Worktree;
    let snapshot: () => Promise<unknown>;
    let gitBefore: unknown;
    // Checked once at the end: spawning git per case would dominate the run time.
    const gitState = () => ({
      worktrees: worktreePaths(project.path),
      branches: gitIn(project.path, 'for-each-ref', '--format=%(refname)', 'refs/heads/'),
    });
    before(async () => {
      t = await startTestServer();
      repo = await makeRepo();
      project = (await t.api.post<Project>('/api/projects', { path: repo })).body;
      worktree = (
        await t.api.post<Worktree>(`/api/projects/${project.id}/worktrees`, { name: 'target' })
      ).body;
      assert.ok(worktree.id, 'set-up created a worktree');
      snapshot = async () => ({
        catalog: await catalogBytes(t.dataDir),
        projects: (await t.api.get('/api/projects')).body,
        worktrees: (await t.api.get(`/api/projects/${project.id}/worktrees?include_archived=true`))
          .body,
        preferences: (await t.api.get('/api/preferences')).body,
      });
      gitBefore = gitState();
    });
    after(async () => {
      try {
        if (!options.gitTest) assert.deepEqual(gitState(), gitBefore, GIT_UNTOUCHED);
      } finally {
        await t.close();
        await Promise.all([t.dataDir, path.dirname(repo)].map(removeDir));
      }
    });

    for (const bad of cases) {
      test(`${bad.label}: ${bad.method} ${bad.path.slice(0, 60)} → ${bad.status} ${bad.code}`, async () => {
        const before = await snapshot();
        const pathname = bad.path.replace(':project', project.id).replace(':worktree', worktree.id);
        const body =
          bad.body === undefined
            ? undefined
            : typeof bad.body === 'string' || Buffer.isBuffer(bad.body)
              ? bad.body
              : JSON.stringify(bad.body);
        const headers: Record<string, string> = {
          authorization: `Bearer ${t.server.token}`,
          ...(typeof bad.body === 'object' && !Buffer.isBuffer(bad.body) ? JSON_TYPE : {}),
          ...bad.headers,
        };
        if (body !== undefined && headers['transfer-encoding'] === undefined) {
          headers['content-length'] = String(Buffer.byteLength(body));
        }
        const response = await rawRequest({
          port: t.server.port,
          method: bad.method,
          path: pathname,
          headers,
          ...(body === undefined ? {} : { body }),
        });

        assert.equal(response.status, bad.status, response.text.slice(0, 300));
        assert.match(String(response.headers['content-type']), /^application\/json/);
        const error = (response.json as { error?: Record<string, unknown> } | undefined)?.error;
        assert.ok(error, `an error envelope: ${response.text.slice(0, 300)}`);
        assert.equal(error.code, bad.code);
        assert.equal(typeof error.message, 'string');
        assert.ok(String(error.message).length > 5);
        if (bad.field) assert.equal(error.field, bad.field, String(error.message));
        if (bad.message) assert.match(String(error.message), bad.message);
        assert.deepEqual(Object.keys(response.json as object), ['error']);

        assert.deepEqual(await snapshot(), before, 'the store is unchanged');
      });
    }

    if (options.gitTest) {
      test(GIT_UNTOUCHED, () => {
        assert.deepEqual(gitState(), gitBefore);
      });
    }
  });
}
