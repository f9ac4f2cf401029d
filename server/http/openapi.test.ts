import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { removeDir, startTestServer, type TestServer } from '../test-support/harness.js';

type Json = Record<string, any>;

/** What the foundation issue promises, as `method path` in OpenAPI form. */
const FOUNDATION = [
  'get /api/health',
  'get /api/openapi.json',
  'get /api/projects',
  'post /api/projects',
  'get /api/projects/{projectId}',
  'patch /api/projects/{projectId}',
  'delete /api/projects/{projectId}',
  'get /api/projects/{projectId}/worktrees',
  'post /api/projects/{projectId}/worktrees',
  'get /api/worktrees/{worktreeId}',
  'patch /api/worktrees/{worktreeId}',
  'post /api/worktrees/{worktreeId}/archive',
  'post /api/worktrees/{worktreeId}/unarchive',
  'delete /api/worktrees/{worktreeId}',
];

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('GET /api/openapi.json', () => {
  let t: TestServer;
  let doc: Json;
  before(async () => {
    t = await startTestServer();
    const response = await t.api.get<Json>('/api/openapi.json');
    assert.equal(response.status, 200);
    doc = response.body;
  });
  after(async () => {
    await t.close();
    await removeDir(t.dataDir);
  });

  const operations = () =>
    Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ path, method, operation: operation as Json })),
    );

  test('is an OpenAPI 3.1 document with info, bearer security and component schemas', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.title, 'Grove API');
    assert.match(doc.info.version, /^\d+\.\d+\.\d+/);
    assert.deepEqual(doc.components.securitySchemes.bearer, { type: 'http', scheme: 'bearer' });
    assert.deepEqual(doc.security, [{ bearer: [] }]);
    for (const name of [
      'Project',
      'Worktree',
      'CreateProject',
      'UpdateProject',
      'CreateWorktree',
      'Error',
    ]) {
      assert.equal(typeof doc.components.schemas[name], 'object', `components.schemas.${name}`);
    }
    assert.deepEqual(doc.paths['/api/health'].get.security, [], 'health needs no token');
  });

  test('lists every route the foundation mounts', () => {
    const listed = new Set(operations().map(({ method, path }) => `${method} ${path}`));
    for (const expected of FOUNDATION) assert.ok(listed.has(expected), `missing ${expected}`);
  });

  test('every operation is well formed: unique ids, declared path parameters, responses, resolvable $refs', () => {
    const ids = new Set<string>();
    for (const { path, method, operation } of operations()) {
      const where = `${method} ${path}`;
      assert.match(path, /^\/api\//, where);
      assert.doesNotMatch(path, /:\w/, `${where}: Express-style parameter left in the path`);
      assert.equal(typeof operation.summary, 'string', where);
      assert.match(operation.operationId, /^[A-Za-z0-9]+$/, where);
      assert.ok(!ids.has(operation.operationId), `duplicate operationId ${operation.operationId}`);
      ids.add(operation.operationId);
      const declared = (operation.parameters ?? [])
        .filter((parameter: Json) => parameter.in === 'path')
        .map((parameter: Json) => parameter.name);
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
      assert.deepEqual(declared, inPath, `${where}: path parameters`);
      const statuses = Object.keys(operation.responses ?? {});
      assert.ok(
        statuses.some((status) => /^2\d\d$/.test(status)),
        `${where}: a success response`,
      );
      if (path !== '/api/health' && path !== '/api/openapi.json') {
        assert.ok(statuses.includes('401'), `${where}: documents 401`);
      }
    }
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const pointer = /"#\/(components\/(?:schemas|responses)\/[^"]+)"/.exec(ref)?.[1] ?? '';
      const target = pointer.split('/').reduce<Json | undefined>((node, key) => node?.[key], doc);
      assert.ok(pointer && target, `unresolved ${ref}`);
    }
  });

  test('documented request bodies match what the server accepts', () => {
    const create = doc.components.schemas.CreateProject;
    assert.deepEqual(create.required, ['path']);
    assert.equal(
      create.additionalProperties,
      false,
      'unknown fields are rejected, and documented so',
    );
    const worktreeCreate = doc.paths['/api/projects/{projectId}/worktrees'].post;
    assert.equal(
      worktreeCreate.requestBody.content['application/json'].schema.$ref,
      '#/components/schemas/CreateWorktree',
    );
    const remove = doc.paths['/api/worktrees/{worktreeId}'].delete;
    const query = remove.parameters
      .filter((parameter: Json) => parameter.in === 'query')
      .map((parameter: Json) => parameter.name);
    assert.deepEqual(query.sort(), ['delete_branch', 'force']);
    assert.ok(remove.responses['409'], 'the dirty-worktree refusal is documented');
  });

  test('every documented operation is really mounted (it answers with something other than "no endpoint")', async () => {
    const absent = crypto.randomUUID();
    for (const { path, method, operation } of operations()) {
      const hasParams = path.includes('{');
      // Without an id to aim at, only reads and body-validated writes are safe to call blind.
      if (!hasParams && method !== 'get' && !operation.requestBody) continue;
      const url = path.replace(/\{\w+\}/g, absent);
      // A field no schema accepts: a write is rejected before it does anything.
      const body = operation.requestBody ? { __probe: true } : undefined;
      const response = await t.api.request(method.toUpperCase(), url, body);
      const message = String(response.body?.error?.message ?? '');
      assert.ok(!message.startsWith('No endpoint'), `${method} ${path}: ${message}`);
      assert.notEqual(response.status, 500, `${method} ${path}`);
    }
  });
});
