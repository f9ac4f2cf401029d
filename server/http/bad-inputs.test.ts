import assert from 'node:assert/strict';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { Project, Worktree } from '../contract/index.js';
import { makeRepo, removeDir, startTestServer, type TestServer } from '../test-support/harness.js';
import { catalogBytes, gitIn, worktreePaths } from '../test-support/git.js';
import { rawRequest } from '../test-support/http.js';

interface BadInput {
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

const JSON_TYPE = { 'content-type': 'application/json' };
const huge = `{"path":"${'a'.repeat(1024 * 1024 + 10)}"}`;
const traversal = '..%2F..%2Fetc%2Fpasswd';

const cases: BadInput[] = [
  // Bodies that are not JSON objects.
  {
    label: 'malformed JSON',
    method: 'POST',
    path: '/api/projects',
    body: '{"path":',
    headers: JSON_TYPE,
    status: 400,
    code: 'invalid-json',
  },
  {
    label: 'JSON followed by garbage',
    method: 'POST',
    path: '/api/projects',
    body: '{"path":"/x"} trailing',
    headers: JSON_TYPE,
    status: 400,
    code: 'invalid-json',
  },
  {
    label: 'a bare JSON string',
    method: 'POST',
    path: '/api/projects',
    body: '"hello"',
    headers: JSON_TYPE,
    status: 400,
    code: 'invalid-json',
  },
  {
    label: 'JSON null',
    method: 'POST',
    path: '/api/projects',
    body: 'null',
    headers: JSON_TYPE,
    status: 400,
    code: 'invalid-json',
  },
  {
    label: 'a JSON array',
    method: 'POST',
    path: '/api/projects',
    body: [],
    status: 400,
    code: 'invalid-request',
  },
  {
    label: 'deeply nested JSON',
    method: 'PATCH',
    path: '/api/projects/:project',
    body: `{"defaults":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    headers: JSON_TYPE,
    status: 400,
    code: 'invalid-request',
    field: 'defaults',
  },
  // Missing fields, wrong types, bad values.
  {
    label: 'a missing required field',
    method: 'POST',
    path: '/api/projects',
    body: {},
    status: 400,
    code: 'invalid-request',
    field: 'path',
    message: /^path: is required\.$/,
  },
  {
    label: 'path as a number',
    method: 'POST',
    path: '/api/projects',
    body: { path: 42 },
    status: 400,
    code: 'invalid-request',
    field: 'path',
    // A wrong type is not a missing field.
    message: /^path: .*expected string/,
  },
  {
    label: 'an empty path',
    method: 'POST',
    path: '/api/projects',
    body: { path: '' },
    status: 400,
    code: 'invalid-request',
    field: 'path',
  },
  {
    label: 'a blank path',
    method: 'POST',
    path: '/api/projects',
    body: { path: '   ' },
    status: 400,
    code: 'invalid-request',
    field: 'path',
  },
  {
    label: 'an overlong path',
    method: 'POST',
    path: '/api/projects',
    body: { path: `/${'p'.repeat(5000)}` },
    status: 400,
    code: 'invalid-request',
    field: 'path',
  },
  {
    label: 'an empty name',
    method: 'POST',
    path: '/api/projects',
    body: { path: '/tmp', name: '' },
    status: 400,
    code: 'invalid-request',
    field: 'name',
  },
  {
    label: 'an overlong name',
    method: 'PATCH',
    path: '/api/projects/:project',
    body: { name: 'n'.repeat(121) },
    status: 400,
    code: 'invalid-request',
    field: 'name',
  },
  {
    label: 'a name as a number',
    method: 'PATCH',
    path: '/api/projects/:project',
    body: { name: 7 },
    status: 400,
    code: 'invalid-request',
    field: 'name',
  },
  {
    label: 'a null name',
    method: 'PATCH',
    path: '/api/projects/:project',
    body: { name: null },
    status: 400,
    code: 'invalid-request',
    field: 'name',
  },
  {
    label: 'an unknown field',
    method: 'POST',
    path: '/api/projects',
    body: { path: '/tmp', color: 'red' },
    status: 400,
    code: 'invalid-request',
    field: 'color',
  },
  {
    label: 'a __proto__ field',
    method: 'POST',
    path: '/api/projects',
    body: '{"path":"/tmp","__proto__":{"admin":true}}',
    headers: JSON_TYPE,
    status: 400,
    code: 'invalid-request',
    field: '__proto__',
  },
  {
    label: 'an unknown nested field',
    method: 'PATCH',
    path: '/api/projects/:project',
    body: { defaults: { models: { llama: 'x' } } },
    status: 400,
    code: 'invalid-request',
    field: 'defaults.models.llama',
  },
  {
    label: 'an unknown backend',
    method: 'PATCH',
    path: '/api/projects/:project',
    body: { defaults: { backend: 'gpt' } },
    status: 400,
    code: 'invalid-request',
    field: 'defaults.backend',
  },
  {
    label: 'an unknown thinking level',
    method: 'PATCH',
    path: '/api/projects/:project',
    body: { defaults: { thinking_level: 'max' } },
    status: 400,
    code: 'invalid-request',
    field: 'defaults.thinking_level',
  },
  {
    label: 'defaults as an array',
    method: 'PATCH',
    path: '/api/projects/:project',
    body: { defaults: [] },
    status: 400,
    code: 'invalid-request',
    field: 'defaults',
  },
  {
    label: 'an unknown default backend',
    method: 'PATCH',
    path: '/api/preferences',
    body: { default_backend: 'gpt' },
    status: 400,
    code: 'invalid-request',
    field: 'default_backend',
  },
  {
    label: 'an unknown execution mode',
    method: 'PATCH',
    path: '/api/preferences',
    body: { default_execution_mode: 'auto' },
    status: 400,
    code: 'invalid-request',
    field: 'default_execution_mode',
  },
  {
    label: 'an empty worktrees_dir',
    method: 'PATCH',
    path: '/api/preferences',
    body: { worktrees_dir: '' },
    status: 400,
    code: 'invalid-request',
    field: 'worktrees_dir',
  },
  {
    label: 'a model as a number',
    method: 'PATCH',
    path: '/api/preferences',
    body: { default_models: { claude: 5 } },
    status: 400,
    code: 'invalid-request',
    field: 'default_models.claude',
  },
  // Worktree inputs that must never reach git.
  {
    label: 'a branch that looks like an option',
    method: 'POST',
    path: '/api/projects/:project/worktrees',
    body: { branch: '-rf' },
    status: 400,
    code: 'invalid-request',
    field: 'branch',
  },
  {
    label: 'a branch with ".."',
    method: 'POST',
    path: '/api/projects/:project/worktrees',
    body: { branch: 'a/../../b' },
    status: 400,
    code: 'invalid-request',
    field: 'branch',
  },
  {
    label: 'a branch with shell characters',
    method: 'POST',
    path: '/api/projects/:project/worktrees',
    body: { branch: 'x;rm -rf ~' },
    status: 400,
    code: 'invalid-request',
    field: 'branch',
  },
  {
    label: 'a base branch with a space',
    method: 'POST',
    path: '/api/projects/:project/worktrees',
    body: { base_branch: 'main extra' },
    status: 400,
    code: 'invalid-request',
    field: 'base_branch',
  },
  {
    label: 'a base branch that does not exist',
    method: 'POST',
    path: '/api/projects/:project/worktrees',
    body: { base_branch: 'no-such-branch' },
    status: 400,
    code: 'invalid-request',
    field: 'base_branch',
  },
  {
    label: 'a worktree name git cannot use as a branch',
    method: 'POST',
    path: '/api/projects/:project/worktrees',
    body: { name: 'x..y' },
    status: 400,
    code: 'invalid-request',
    field: 'name',
  },
  {
    label: 'a branch as an object',
    method: 'POST',
    path: '/api/projects/:project/worktrees',
    body: { branch: { name: 'x' } },
    status: 400,
    code: 'invalid-request',
    field: 'branch',
  },
  {
    label: 'renaming a worktree to ""',
    method: 'PATCH',
    path: '/api/worktrees/:worktree',
    body: { name: '' },
    status: 400,
    code: 'invalid-request',
    field: 'name',
  },
  {
    label: 'changing a worktree branch by PATCH',
    method: 'PATCH',
    path: '/api/worktrees/:worktree',
    body: { branch: 'other' },
    status: 400,
    code: 'invalid-request',
    field: 'branch',
  },
  // Query strings.
  {
    label: 'include_archived=yes',
    method: 'GET',
    path: '/api/projects/:project/worktrees?include_archived=yes',
    status: 400,
    code: 'invalid-request',
    field: 'include_archived',
  },
  {
    label: 'an unknown query parameter',
    method: 'GET',
    path: '/api/projects/:project/worktrees?foo=bar',
    status: 400,
    code: 'invalid-request',
    field: 'foo',
  },
  {
    label: 'force=1',
    method: 'DELETE',
    path: '/api/worktrees/:worktree?force=1',
    status: 400,
    code: 'invalid-request',
    field: 'force',
  },
  {
    label: 'force given twice',
    method: 'DELETE',
    path: '/api/worktrees/:worktree?force=true&force=true',
    status: 400,
    code: 'invalid-request',
    field: 'force',
  },
  {
    label: 'delete_branch=maybe',
    method: 'DELETE',
    path: '/api/worktrees/:worktree?delete_branch=maybe',
    status: 400,
    code: 'invalid-request',
    field: 'delete_branch',
  },
  // Ids that are not ids.
  {
    label: 'a path-traversal project id',
    method: 'GET',
    path: `/api/projects/${traversal}`,
    status: 400,
    code: 'invalid-request',
    field: 'projectId',
  },
  {
    label: 'a path-traversal project id on DELETE',
    method: 'DELETE',
    path: `/api/projects/${traversal}`,
    status: 400,
    code: 'invalid-request',
    field: 'projectId',
  },
  {
    label: 'a path-traversal worktree id on DELETE',
    method: 'DELETE',
    path: `/api/worktrees/${traversal}?force=true`,
    status: 400,
    code: 'invalid-request',
    field: 'worktreeId',
  },
  {
    label: 'a non-UUID worktree id',
    method: 'PATCH',
    path: '/api/worktrees/not-a-uuid',
    body: { name: 'x' },
    status: 400,
    code: 'invalid-request',
    field: 'worktreeId',
  },
  {
    label: 'a NUL in an id',
    method: 'GET',
    path: '/api/worktrees/%00',
    status: 400,
    code: 'invalid-request',
    field: 'worktreeId',
  },
  {
    label: 'broken percent-encoding in an id',
    method: 'GET',
    path: '/api/projects/%E0%A4%A',
    status: 400,
    code: 'invalid-request',
  },
  {
    label: 'a raw ../ path',
    method: 'GET',
    path: '/api/projects/../../etc/passwd',
    status: 404,
    code: 'not-found',
  },
  {
    label: 'an unknown route',
    method: 'GET',
    path: '/api/nothing/here',
    status: 404,
    code: 'not-found',
  },
  {
    label: 'an unknown method',
    method: 'PUT',
    path: '/api/projects',
    body: { path: '/tmp' },
    status: 404,
    code: 'not-found',
  },
  {
    label: 'a uuid nobody has',
    method: 'DELETE',
    path: '/api/projects/00000000-0000-4000-8000-000000000000',
    status: 404,
    code: 'not-found',
  },
  // Bodies the server will not read.
  {
    label: 'a body over 1 MB',
    method: 'POST',
    path: '/api/projects',
    body: huge,
    headers: JSON_TYPE,
    status: 413,
    code: 'payload-too-large',
  },
  {
    label: 'a body over 1 MB, chunked',
    method: 'POST',
    path: '/api/projects',
    body: huge,
    headers: { ...JSON_TYPE, 'transfer-encoding': 'chunked' },
    status: 413,
    code: 'payload-too-large',
  },
  {
    label: 'a text/plain body',
    method: 'POST',
    path: '/api/projects',
    body: '{"path":"/tmp"}',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'unsupported-media-type',
  },
  {
    label: 'a form body',
    method: 'POST',
    path: '/api/projects',
    body: 'path=/tmp',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'unsupported-media-type',
  },
  {
    label: 'a body with no content type',
    method: 'POST',
    path: '/api/projects',
    body: '{"path":"/tmp"}',
    status: 415,
    code: 'unsupported-media-type',
  },
  {
    label: 'an unsupported charset',
    method: 'POST',
    path: '/api/projects',
    body: '{"path":"/tmp"}',
    headers: { 'content-type': 'application/json; charset=latin1' },
    status: 415,
    code: 'unsupported-media-type',
  },
  {
    label: 'an unknown content encoding',
    method: 'POST',
    path: '/api/projects',
    body: '{}',
    headers: { ...JSON_TYPE, 'content-encoding': 'bogus' },
    status: 415,
    code: 'unsupported-media-type',
  },
  {
    label: 'a gzip body that is not gzip',
    method: 'POST',
    path: '/api/projects',
    body: '{}',
    headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
    status: 400,
    code: 'invalid-request',
  },
  {
    label: 'a gzip bomb over 1 MB once inflated',
    method: 'POST',
    path: '/api/projects',
    body: gzipSync(huge),
    headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
    status: 413,
    code: 'payload-too-large',
  },
];

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
    await t.close();
    await Promise.all([t.dataDir, path.dirname(repo)].map(removeDir));
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

  test('no bad input touched git: the same worktrees and branches as before', () => {
    assert.deepEqual(gitState(), gitBefore);
  });
});
