import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { removeDir, startTestServer, tempDir, type TestServer } from '../test-support/harness.js';
import { errorCode, rawRequest, tryUpgrade } from '../test-support/http.js';
import { bearerToken, createRequestGuard } from './security.js';

describe('auth and Host/Origin rules over real HTTP and WebSocket', () => {
  let t: TestServer;
  let port: number;
  before(async () => {
    t = await startTestServer();
    port = t.server.port;
  });
  after(async () => {
    await t.close();
    await removeDir(t.dataDir);
  });

  const get = (headers: Record<string, string>, pathname = '/api/projects') =>
    rawRequest({ port, path: pathname, headers });

  test('GET /api/health is open to anyone who names the right host', async () => {
    const response = await get({});
    assert.equal(response.status, 401);
    const health = await get({}, '/api/health');
    assert.equal(health.status, 200);
    assert.deepEqual(Object.keys(health.json as object).sort(), ['ok', 'version']);
    assert.equal((health.json as { ok: boolean }).ok, true);
  });

  const authCases: [string, Record<string, string>, number][] = [
    ['no Authorization header', {}, 401],
    ['an empty header', { authorization: '' }, 401],
    ['the scheme alone', { authorization: 'Bearer' }, 401],
    ['a wrong token', { authorization: 'Bearer not-the-token' }, 401],
    ['a token one character short', { authorization: 'Bearer <short>' }, 401],
    ['the token with a suffix', { authorization: 'Bearer <token>x' }, 401],
    ['the token in another scheme', { authorization: 'Basic <token>' }, 401],
    ['the token without a scheme', { authorization: '<token>' }, 401],
    ['the token twice', { authorization: 'Bearer <token> <token>' }, 401],
    ['the right token', { authorization: 'Bearer <token>' }, 200],
    ['"bearer" in lower case', { authorization: 'bearer <token>' }, 200],
    ['"BEARER" in upper case', { authorization: 'BEARER <token>' }, 200],
    ['extra spaces after the scheme', { authorization: 'Bearer   <token>' }, 200],
  ];
  for (const [label, headers, status] of authCases) {
    test(`auth: ${label} → ${status}`, async () => {
      const token = t.server.token;
      const filled = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [
          name,
          value.replaceAll('<token>', token).replaceAll('<short>', token.slice(0, -1)),
        ]),
      );
      const response = await get(filled);
      assert.equal(response.status, status, response.text);
      if (status === 401) {
        assert.equal(errorCode(response.json), 'unauthorized');
        assert.equal(response.headers['content-type']?.startsWith('application/json'), true);
      } else {
        assert.deepEqual(response.json, []);
      }
    });
  }

  test('every /api route but health needs the token, including unknown ones and the OpenAPI document', async () => {
    for (const pathname of [
      '/api/openapi.json',
      '/api/preferences',
      '/api/nope',
      `/api/worktrees/${crypto.randomUUID()}`,
    ]) {
      const response = await get({}, pathname);
      assert.equal(response.status, 401, pathname);
      assert.equal(errorCode(response.json), 'unauthorized');
    }
  });

  const hostCases: [string, Record<string, string>, number, string | null][] = [
    ['a foreign Host with our port', { host: 'evil.com:<port>' }, 403, 'forbidden-host'],
    ['a foreign Host without a port', { host: 'evil.com' }, 403, 'forbidden-host'],
    ['our address with another port', { host: '127.0.0.1:1' }, 403, 'forbidden-host'],
    ['our address without a port', { host: '127.0.0.1' }, 403, 'forbidden-host'],
    [
      'a rebinding name that ends like ours',
      { host: '127.0.0.1.evil.com:<port>' },
      403,
      'forbidden-host',
    ],
    ['a foreign Origin', { origin: 'http://evil.com' }, 403, 'forbidden-origin'],
    ['a foreign Origin on our port', { origin: 'http://evil.com:<port>' }, 403, 'forbidden-origin'],
    ['our Origin over https', { origin: 'https://127.0.0.1:<port>' }, 403, 'forbidden-origin'],
    ['an opaque Origin', { origin: 'null' }, 403, 'forbidden-origin'],
    ['our own Origin', { origin: 'http://127.0.0.1:<port>' }, 200, null],
    [
      'localhost as Host and Origin',
      { host: 'localhost:<port>', origin: 'http://localhost:<port>' },
      200,
      null,
    ],
    ['Host in upper case', { host: 'LOCALHOST:<port>' }, 200, null],
  ];
  for (const [label, headers, status, code] of hostCases) {
    const fill = (value: string) => value.replaceAll('<port>', String(port));
    test(`HTTP: ${label} → ${status}`, async () => {
      const filled = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name, fill(value)]),
      );
      // The check comes before auth, and applies to the open health route too.
      for (const pathname of ['/api/projects', '/api/health']) {
        const response = await get(
          { authorization: `Bearer ${t.server.token}`, ...filled },
          pathname,
        );
        assert.equal(response.status, status, `${pathname}: ${response.text}`);
        if (code) assert.equal(errorCode(response.json), code);
      }
    });
    test(`WS upgrade: ${label} → ${status === 200 ? 'open' : status}`, async () => {
      const { host, origin } = headers;
      const outcome = await tryUpgrade(`ws://127.0.0.1:${port}/ws?token=${t.server.token}`, {
        headers: host === undefined ? {} : { host: fill(host) },
        ...(origin === undefined ? {} : { origin: fill(origin) }),
      });
      if (status === 200) {
        assert.equal(outcome.kind, 'open');
        if (outcome.kind === 'open') outcome.socket.close();
      } else {
        assert.equal(outcome.kind, 'rejected');
        if (outcome.kind === 'rejected') {
          assert.equal(outcome.status, status);
          assert.equal(errorCode(outcome.body), code);
        }
      }
    });
  }

  test('WS upgrade: the token by query, Bearer header or subprotocol is accepted; none or a wrong one is 401', async () => {
    const url = `ws://127.0.0.1:${port}/ws`;
    const token = t.server.token;
    const accepted = [
      await tryUpgrade(`${url}?token=${token}`),
      await tryUpgrade(url, { headers: { authorization: `Bearer ${token}` } }),
      await tryUpgrade(url, { protocols: ['grove.v1', `grove.token.${token}`] }),
    ];
    for (const outcome of accepted) {
      assert.equal(outcome.kind, 'open');
      if (outcome.kind === 'open') outcome.socket.close();
    }
    const viaProtocol = accepted[2];
    assert.equal(
      viaProtocol?.kind === 'open' && viaProtocol.protocol,
      'grove.v1',
      'the token is not echoed back',
    );

    for (const outcome of [
      await tryUpgrade(url),
      await tryUpgrade(`${url}?token=wrong`),
      await tryUpgrade(url, { headers: { authorization: 'Bearer wrong' } }),
      await tryUpgrade(url, { protocols: ['grove.v1', 'grove.token.wrong'] }),
      await tryUpgrade(`${url}?token=${token.slice(1)}`),
    ]) {
      assert.equal(outcome.kind, 'rejected');
      if (outcome.kind === 'rejected') {
        assert.equal(outcome.status, 401);
        assert.equal(errorCode(outcome.body), 'unauthorized');
      }
    }
  });

  test('a request with no Host header at all (HTTP/1.0) is 403', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.end(`GET /api/health HTTP/1.0\r\n\r\n`);
    let text = '';
    for await (const chunk of socket) text += String(chunk);
    assert.match(text, /^HTTP\/1\.[01] 403 /);
    assert.match(text, /"code":"forbidden-host"/);
  });

  test('WS upgrade on another path is 404', async () => {
    const outcome = await tryUpgrade(`ws://127.0.0.1:${port}/api/ws?token=${t.server.token}`);
    assert.equal(outcome.kind === 'rejected' && outcome.status, 404);
  });

  test('the token file holds 32 random bytes as base64url, readable by its owner only', async () => {
    const file = path.join(t.dataDir, 'token');
    assert.equal(t.server.tokenFile, file);
    const kept = (await readFile(file, 'utf8')).trim();
    assert.equal(kept, t.server.token);
    assert.match(kept, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(kept, 'base64url').length, 32);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });
});

describe('a given token', () => {
  test('is the one used and kept; a later start without one keeps using it', async () => {
    const dataDir = await tempDir();
    try {
      const first = await startTestServer({ dataDir, token: 'my-own-token_1' });
      assert.equal(first.server.token, 'my-own-token_1');
      assert.equal((await first.api.get('/api/projects')).status, 200);
      await first.close();
      const second = await startTestServer({ dataDir });
      assert.equal(second.server.token, 'my-own-token_1');
      await second.close();
      assert.equal((await stat(path.join(dataDir, 'token'))).mode & 0o777, 0o600);
    } finally {
      await removeDir(dataDir);
    }
  });

  test('that no client could send (spaces, "/") is refused at start', async () => {
    const dataDir = await tempDir();
    try {
      await assert.rejects(startTestServer({ dataDir, token: 'has a space' }), {
        name: 'InvalidTokenError',
      });
      await assert.rejects(startTestServer({ dataDir, token: 'abc/def' }), {
        name: 'InvalidTokenError',
      });
    } finally {
      await removeDir(dataDir);
    }
  });
});

describe('RequestGuard', () => {
  const guard = createRequestGuard({ host: '127.0.0.1', port: () => 4000, token: 'secret-token' });
  const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

  test('token comparison: equal only for the exact token, never throwing on other lengths', () => {
    assert.equal(guard.isTokenValid('secret-token'), true);
    for (const candidate of [
      undefined,
      '',
      's',
      'secret-toke',
      'secret-token ',
      'secret-tokenX',
      'x'.repeat(10_000),
      '\u00e9',
    ]) {
      assert.doesNotThrow(() => guard.isTokenValid(candidate));
      assert.equal(guard.isTokenValid(candidate), false, JSON.stringify(candidate?.slice(0, 20)));
    }
  });

  test('token comparison: a near miss anywhere in the token is refused, and so is the old token', () => {
    const token = 'Abc123-token_of_forty-three_characters_xyz0';
    const rotating = createRequestGuard({ host: '127.0.0.1', port: () => 4000, token });
    const flip = (index: number) =>
      token.slice(0, index) + (token[index] === 'x' ? 'y' : 'x') + token.slice(index + 1);
    const nearMisses = [
      // Same length, one character off: first, middle, last. A comparison that stops at the
      // first difference would answer these at different speeds; all must simply fail.
      flip(0),
      flip(21),
      flip(token.length - 1),
      // Lengths around the token's: a byte-wise compare of unequal lengths throws or cuts short.
      token.slice(0, -1),
      `${token}x`,
      `${token}\0`,
      `\0${token}`,
      token.toUpperCase(),
      // The same text in another Unicode form, and in bytes that only latin1 would equate.
      `${token}\u0301`,
      Buffer.from(token, 'utf8').toString('latin1') + '\u00ff',
    ];
    assert.equal(rotating.isTokenValid(token), true);
    for (const candidate of nearMisses) {
      assert.equal(rotating.isTokenValid(candidate), false, JSON.stringify(candidate));
    }
    rotating.setToken('the-new-token');
    assert.equal(rotating.isTokenValid(token), false, 'the old token stops working at once');
    assert.equal(rotating.isTokenValid('the-new-token'), true);
    assert.equal(rotating.isTokenValid('the-new-tokeN'), false);
  });

  test('bearerToken parses the scheme case-insensitively and nothing else', () => {
    assert.equal(bearerToken('Bearer abc'), 'abc');
    assert.equal(bearerToken('bEaReR abc'), 'abc');
    assert.equal(bearerToken('Bearer abc def'), undefined);
    assert.equal(bearerToken('Bearerabc'), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });

  test('hosts: loopback names with the port, extra allowed hosts, and the bound address', () => {
    assert.equal(guard.check(request({ host: '127.0.0.1:4000' })), null);
    assert.equal(guard.check(request({ host: 'localhost:4000' })), null);
    assert.equal(guard.check(request({ host: '[::1]:4000' })), null);
    assert.equal(guard.check(request({ host: 'devbox:4000' }))?.code, 'forbidden-host');
    const wider = createRequestGuard({
      host: '0.0.0.0',
      port: () => 4000,
      token: 't',
      allowedHosts: ['devbox'],
    });
    assert.equal(wider.check(request({ host: 'devbox:4000', origin: 'http://devbox:4000' })), null);
    assert.equal(wider.check(request({ host: '0.0.0.0:4000' }))?.code, 'forbidden-host');
    const v6 = createRequestGuard({ host: '::1', port: () => 4000, token: 't' });
    assert.equal(v6.check(request({ host: '[::1]:4000', origin: 'http://[::1]:4000' })), null);
  });
});
