// What users copy from: the spec's curl examples (run as written, through fetch and through
// curl itself) and the OpenAPI document.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { z } from 'zod';
import {
  CreateSession,
  ReorderSessions,
  Session,
  SessionWithMessages,
  UpdateSession,
} from '../contract/index.js';
import { createSession, startWorld, type SessionsWorld } from '../test-support/sessions-fixture.js';

const run = promisify(execFile);
const noCurl = spawnSync('curl', ['--version']).status === 0 ? false : 'curl is not installed';

/** The Sessions API spec's examples, character for character. */
const SPEC_EXAMPLES = {
  list: `curl -X GET "http://localhost:3456/api/worktrees/{worktreeId}/sessions" \\
-H "Authorization: Bearer YOUR_TOKEN"`,
  create: `curl -X POST "http://localhost:3456/api/worktrees/{worktreeId}/sessions" \\
-H "Authorization: Bearer YOUR_TOKEN" \\
-H "Content-Type: application/json" \\
-d '{
"name": "Feature implementation",
"execution_mode": "plan",
"backend": "claude"
}'`,
  get: `curl -X GET "http://localhost:3456/api/sessions/{sessionId}" \\
-H "Authorization: Bearer YOUR_TOKEN"`,
  update: `curl -X PATCH "http://localhost:3456/api/sessions/{sessionId}" \\
-H "Authorization: Bearer YOUR_TOKEN" \\
-H "Content-Type: application/json" \\
-d '{
"name": "Updated feature name"
}'`,
  archive: `curl -X POST "http://localhost:3456/api/sessions/{sessionId}/archive" \\
-H "Authorization: Bearer YOUR_TOKEN"`,
  delete: `curl -X DELETE "http://localhost:3456/api/sessions/{sessionId}" \\
-H "Authorization: Bearer YOUR_TOKEN"`,
} as const;

interface CurlRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Shell words of a command: "double" and 'single' quotes, backslash-newline continuations. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\\\n)|(\S+)/g;
  for (const match of command.matchAll(pattern)) {
    const [, doubleQuoted, singleQuoted, continuation, bare] = match;
    if (continuation) continue;
    words.push(doubleQuoted?.replace(/\\(.)/g, '$1') ?? singleQuoted ?? bare ?? '');
  }
  return words;
}

/** The request a `curl -X M "URL" -H "..." -d '...'` command sends. */
function parseCurl(command: string): CurlRequest {
  const [program, ...args] = shellWords(command);
  assert.equal(program, 'curl');
  const request: CurlRequest = { method: 'GET', url: '', headers: {} };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    const value = () => args[++index] ?? assert.fail(`${arg} needs a value`);
    if (arg === '-X') request.method = value();
    else if (arg === '-H') {
      const [name = '', ...rest] = value().split(':');
      request.headers[name.trim()] = rest.join(':').trim();
    } else if (arg === '-d') request.body = value();
    else request.url = arg;
  }
  return request;
}

describe('Sessions API: the spec examples, as written', () => {
  let world: SessionsWorld;
  before(async () => {
    world = await startWorld();
  });
  after(() => world.close());

  /** The example with the placeholders a reader fills in: port, token and ids. */
  const filledIn = (example: string, ids: { worktreeId: string; sessionId?: string }) =>
    example
      .replace('http://localhost:3456', `http://localhost:${world.test.server.port}`)
      .replace('YOUR_TOKEN', world.test.server.token)
      .replace('{worktreeId}', ids.worktreeId)
      .replace('{sessionId}', ids.sessionId ?? '{sessionId}');

  /** Run every example in order through `send`, checking each answer and its effect. */
  async function walkThrough(send: (command: string) => Promise<{ status: number; text: string }>) {
    const worktreeId = await world.newWorktree();
    await createSession(world.api, worktreeId, { name: 'Already there' });

    const listed = await send(filledIn(SPEC_EXAMPLES.list, { worktreeId }));
    assert.equal(listed.status, 200);
    assert.deepEqual(
      (JSON.parse(listed.text) as Session[]).map((item) => item.name),
      ['Already there'],
    );

    const created = await send(filledIn(SPEC_EXAMPLES.create, { worktreeId }));
    assert.equal(created.status, 201, created.text);
    const session = Session.parse(JSON.parse(created.text));
    assert.deepEqual(
      [session.name, session.execution_mode, session.backend],
      ['Feature implementation', 'plan', 'claude'],
    );
    const ids = { worktreeId, sessionId: session.id };

    const got = await send(filledIn(SPEC_EXAMPLES.get, ids));
    assert.equal(got.status, 200);
    assert.deepEqual(SessionWithMessages.parse(JSON.parse(got.text)), { ...session, messages: [] });

    const updated = await send(filledIn(SPEC_EXAMPLES.update, ids));
    assert.equal(updated.status, 200, updated.text);
    assert.equal(Session.parse(JSON.parse(updated.text)).name, 'Updated feature name');

    const archived = await send(filledIn(SPEC_EXAMPLES.archive, ids));
    assert.equal(archived.status, 200, archived.text);
    assert.equal(typeof Session.parse(JSON.parse(archived.text)).archived_at, 'number');

    const deleted = await send(filledIn(SPEC_EXAMPLES.delete, ids));
    assert.deepEqual(deleted, { status: 204, text: '' });
    assert.equal((await world.api.get(`/api/sessions/${session.id}`)).status, 404);
  }

  test('each example, sent by fetch with the same method, headers and body', async () => {
    await walkThrough(async (command) => {
      const { method, url, headers, body } = parseCurl(command);
      const response = await fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      return { status: response.status, text: await response.text() };
    });
  });

  test('each example, run by curl itself', { skip: noCurl }, async () => {
    await walkThrough(async (command) => {
      const { stdout } = await run('bash', [
        '-c',
        `${command} --silent --show-error --write-out '\\n%{http_code}'`,
      ]);
      const cut = stdout.lastIndexOf('\n');
      return { status: Number(stdout.slice(cut + 1)), text: stdout.slice(0, cut) };
    });
  });
});

describe('Sessions API: OpenAPI document', () => {
  let world: SessionsWorld;
  let document: any;
  before(async () => {
    world = await startWorld();
    const response = await world.api.get('/api/openapi.json');
    assert.equal(response.status, 200);
    document = response.body;
  });
  after(() => world.close());

  const ENDPOINTS: [method: string, path: string, status: string, schema?: string][] = [
    ['get', '/api/worktrees/{worktreeId}/sessions', '200', 'SessionList'],
    ['post', '/api/worktrees/{worktreeId}/sessions', '201', 'Session'],
    ['post', '/api/worktrees/{worktreeId}/sessions/reorder', '200', 'SessionList'],
    ['get', '/api/sessions/{sessionId}', '200', 'SessionWithMessages'],
    ['get', '/api/sessions/{sessionId}/messages', '200', 'MessagePage'],
    ['patch', '/api/sessions/{sessionId}', '200', 'Session'],
    ['post', '/api/sessions/{sessionId}/archive', '200', 'Session'],
    ['post', '/api/sessions/{sessionId}/unarchive', '200', 'Session'],
    ['delete', '/api/sessions/{sessionId}', '204'],
  ];

  test('describes every session endpoint with its parameters, success and errors', () => {
    for (const [method, route, status, schema] of ENDPOINTS) {
      const operation = document.paths[route]?.[method];
      assert.ok(operation, `${method} ${route} is documented`);
      assert.ok(operation.summary, `${method} ${route} has a summary`);
      assert.deepEqual(operation.tags, ['Sessions']);
      const pathParams = [...route.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
      for (const name of pathParams) {
        assert.ok(
          operation.parameters.some((item: any) => item.name === name && item.in === 'path'),
          `${method} ${route} declares ${name}`,
        );
      }
      assert.ok(operation.responses[status], `${method} ${route} answers ${status}`);
      // A "#/$defs/..." ref inside an inlined schema would resolve against the document root.
      assert.ok(!JSON.stringify(operation).includes('#/$defs/'), `${method} ${route} refs resolve`);
      for (const error of ['400', '401', '404'])
        assert.ok(operation.responses[error], `${route} ${error}`);
      if (schema) {
        assert.deepEqual(operation.responses[status].content['application/json'].schema, {
          $ref: `#/components/schemas/${schema}`,
        });
      }
    }
    assert.deepEqual(document.components.schemas.SessionList.items, {
      $ref: '#/components/schemas/Session',
    });
    const list = document.paths['/api/worktrees/{worktreeId}/sessions'].get;
    const queryOf = (operation: any) =>
      operation.parameters.filter((item: any) => item.in === 'query').map((item: any) => item.name);
    assert.deepEqual(queryOf(list), ['include_archived']);
    assert.deepEqual(queryOf(document.paths['/api/sessions/{sessionId}/messages'].get), [
      'before',
      'offset',
      'limit',
    ]);
  });

  test('request bodies point at their schemas', () => {
    const bodies: [string, string, string][] = [
      ['post', '/api/worktrees/{worktreeId}/sessions', 'CreateSession'],
      ['patch', '/api/sessions/{sessionId}', 'UpdateSession'],
      ['post', '/api/worktrees/{worktreeId}/sessions/reorder', 'ReorderSessions'],
    ];
    for (const [method, route, schema] of bodies) {
      assert.deepEqual(
        document.paths[route][method].requestBody.content['application/json'].schema,
        {
          $ref: `#/components/schemas/${schema}`,
        },
      );
    }
  });

  test('session schemas carry examples that the server itself accepts', () => {
    const schemas: Record<string, z.ZodType> = {
      Session,
      SessionWithMessages,
      CreateSession,
      UpdateSession,
      ReorderSessions,
    };
    for (const [name, schema] of Object.entries(schemas)) {
      const examples = document.components.schemas[name]?.examples;
      assert.ok(Array.isArray(examples) && examples.length > 0, `${name} has examples`);
      for (const example of examples) {
        const parsed = schema.safeParse(example);
        assert.ok(
          parsed.success,
          `${name} example ${JSON.stringify(example)}: ${parsed.error?.message}`,
        );
      }
    }
    const createExamples = document.components.schemas.CreateSession.examples;
    assert.deepEqual(createExamples[0], {
      name: 'Feature implementation',
      execution_mode: 'plan',
      backend: 'claude',
    });
    assert.deepEqual(document.components.schemas.UpdateSession.examples[0], {
      name: 'Updated feature name',
    });
  });
});
