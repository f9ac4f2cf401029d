// The fuzzer: junk requests against every operation of the OpenAPI document. Never a 5xx; a
// rejected request (4xx) changes nothing in the data dir, byte for byte.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  makeRepo,
  removeDir,
  startTestServer,
  type TestServer,
} from '../../server/test-support/harness.js';
import { rawRequest } from '../../server/test-support/http.js';
import { dataDirSnapshot, random, report, scale } from './torture-support.js';

interface Operation {
  method: string;
  path: string;
  schema: Record<string, unknown> | undefined;
}

const SEED = Number(process.env['GROVE_FUZZ_SEED'] ?? 1515);
const next = random(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

/** Values of every kind a client could send, the nasty ones first. */
const JUNK: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  1.5,
  '',
  ' ',
  'x'.repeat(5000),
  '\u0000',
  'a\nb',
  'evil\u202Etxt',
  '../../etc/passwd',
  '.',
  'refs/heads/main',
  '-rf',
  '~',
  '%00',
  '{}',
  [],
  [1, 2, 3],
  {},
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
  Array.from({ length: 2000 }, (_, index) => index),
  'plan',
  'claude',
  'think',
];

const BAD_PATH_PARAMS = [
  '00000000-0000-4000-8000-000000000000',
  'not-a-uuid',
  '..%2F..%2Fcatalog',
  '%00',
  'x'.repeat(300),
  "'%3B%20DROP%20TABLE",
  '%E0%A4%A',
];

function junkBody(schema: Record<string, unknown> | undefined): unknown {
  const properties = Object.keys((schema?.['properties'] as object | undefined) ?? {});
  switch (Math.floor(next() * 6)) {
    case 0:
      return pick(JUNK);
    case 1:
      return { unknown_field: pick(JUNK) };
    case 2: {
      // Each known field given something it does not expect.
      return Object.fromEntries(properties.map((name) => [name, pick(JUNK)]));
    }
    case 3: {
      const nested: Record<string, unknown> = {};
      let cursor = nested;
      for (let depth = 0; depth < 200; depth++) cursor = cursor['a'] = {};
      return nested;
    }
    default: {
      const name = pick(properties.length > 0 ? properties : ['name']);
      return { [name]: pick(JUNK) };
    }
  }
}

describe('torture: the OpenAPI fuzzer', { timeout: scale(300_000, 1_800_000) }, () => {
  let t: TestServer;
  let repo: string;
  const ids: Record<string, string> = {};
  before(async () => {
    // No agent CLI on PATH: a message that gets through fails its run at once, offline.
    t = await startTestServer({ agentEnv: { PATH: '/nonexistent' } });
    repo = await makeRepo();
    const project = await t.api.post('/api/projects', { path: repo });
    const worktree = await t.api.post(`/api/projects/${project.body.id}/worktrees`, {
      name: 'fuzzed',
    });
    const session = await t.api.post(`/api/worktrees/${worktree.body.id}/sessions`, {});
    ids['project'] = project.body.id;
    ids['worktree'] = worktree.body.id;
    ids['session'] = session.body.id;
  });
  after(async () => {
    await t.close();
    await Promise.all([t.dataDir, repo].map(removeDir));
  });

  test('never a 5xx; every rejected request leaves the data dir as it was', async () => {
    const document = (await t.api.get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    const operations: Operation[] = [];
    for (const [pathname, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const ref = JSON.stringify(operation.requestBody ?? {}).match(
          /#\/components\/schemas\/(\w+)/,
        )?.[1];
        operations.push({
          method: method.toUpperCase(),
          path: pathname,
          schema: ref ? document.components.schemas[ref] : undefined,
        });
      }
    }
    assert.ok(operations.length >= 20, `operations found: ${operations.length}`);
    const perOperation = scale(8, 60);
    let sent = 0;
    let rejected = 0;
    const statuses = new Map<number, number>();
    for (let round = 0; round < perOperation; round++) {
      for (const operation of operations) {
        const pathname = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
          const kind = Object.keys(ids).find((key) => name.toLowerCase().includes(key));
          return next() < 0.5 && kind ? (ids[kind] ?? '') : pick(BAD_PATH_PARAMS);
        });
        const query =
          next() < 0.3 ? `?${pick(['limit=-1', 'before=x', 'force=maybe', 'a=%00'])}` : '';
        const body = JSON.stringify(junkBody(operation.schema));
        const before = await dataDirSnapshot(t.dataDir);
        const response = await rawRequest({
          port: t.server.port,
          method: operation.method,
          path: `${pathname}${query}`,
          headers: {
            authorization: `Bearer ${t.server.token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
          body,
        });
        sent += 1;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const where = `${operation.method} ${pathname}${query} ${body.slice(0, 200)} (seed ${SEED})`;
        assert.ok(response.status < 500, `${response.status} for ${where}: ${response.text}`);
        if (response.status >= 400) {
          rejected += 1;
          assert.match(
            String((response.json as { error?: { code?: unknown } }).error?.code),
            /^[a-z]+(-[a-z]+)*$/,
            where,
          );
          assert.deepEqual(await dataDirSnapshot(t.dataDir), before, `changed by ${where}`);
        }
      }
    }
    report('fuzzer', {
      operations: operations.length,
      requests: sent,
      rejected,
      '5xx': 0,
      statuses: [...statuses].map(([status, count]) => `${status}:${count}`).join(','),
    });
  });
});
