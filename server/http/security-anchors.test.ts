import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { removeDir, startTestServer } from '../test-support/harness.js';
import { rawRequest } from '../test-support/http.js';
import { statusOf } from './errors.js';
import { bearerToken, createRequestGuard } from './security.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('bearer header: the whole header is "Bearer <token>", nothing before or after', () => {
  test('a scheme with a prefix or a suffix is refused', () => {
    assert.equal(bearerToken('XBearer abc'), undefined);
    assert.equal(bearerToken(' Bearer abc'), undefined);
    assert.equal(bearerToken('NotBearer abc'), undefined);
    assert.equal(bearerToken('Bearer abc '), undefined);
    assert.equal(bearerToken('BearerX abc'), undefined);
  });

  test('any run of white space separates scheme and token; the token is kept whole', () => {
    assert.equal(bearerToken('Bearer \t abc-DEF_123'), 'abc-DEF_123');
    assert.equal(bearerToken('BEARER a'), 'a');
    assert.equal(bearerToken(''), undefined);
  });
});

describe('Host and Origin for every bind address', () => {
  const guardFor = (host: string) => createRequestGuard({ host, port: () => 4000, token: 't' });

  test('bound to every interface (0.0.0.0 or ::), the wildcard is not a host a client may name', () => {
    for (const wildcard of ['0.0.0.0', '::']) {
      const guard = guardFor(wildcard);
      for (const host of ['0.0.0.0:4000', '[::]:4000', ':::4000', '[0.0.0.0]:4000']) {
        assert.equal(
          guard.check(request({ host }))?.code,
          'forbidden-host',
          `${wildcard}: ${host}`,
        );
      }
      assert.equal(guard.check(request({ host: '127.0.0.1:4000' })), null);
      assert.equal(guard.check(request({ host: '[::1]:4000' })), null);
    }
  });

  test('bound to an IPv6 address, Host and Origin name it in brackets', () => {
    const guard = guardFor('2001:db8::5');
    assert.equal(
      guard.check(request({ host: '[2001:db8::5]:4000', origin: 'http://[2001:db8::5]:4000' })),
      null,
    );
    assert.equal(guard.check(request({ host: '2001:db8::5:4000' }))?.code, 'forbidden-host');
    assert.equal(guard.check(request({ host: '[[2001:db8::5]]:4000' }))?.code, 'forbidden-host');
    const bracketed = guardFor('[2001:db8::5]');
    assert.equal(bracketed.check(request({ host: '[2001:db8::5]:4000' })), null);
    assert.equal(
      bracketed.check(request({ host: '[[2001:db8::5]]:4000' }))?.code,
      'forbidden-host',
    );
  });

  test('bound to an IPv4 address or a name, it is allowed as it is, never bracketed', () => {
    const guard = guardFor('192.168.1.5');
    assert.equal(guard.check(request({ host: '192.168.1.5:4000' })), null);
    assert.equal(guard.check(request({ host: '[192.168.1.5]:4000' }))?.code, 'forbidden-host');
    const named = guardFor('DevBox');
    assert.equal(named.check(request({ host: 'devbox:4000', origin: 'http://DEVBOX:4000' })), null);
  });

  test('the port is the one the server has now', () => {
    let port = 4000;
    const guard = createRequestGuard({ host: '127.0.0.1', port: () => port, token: 't' });
    assert.equal(guard.check(request({ host: '127.0.0.1:4000' })), null);
    port = 5000;
    assert.equal(guard.check(request({ host: '127.0.0.1:4000' }))?.code, 'forbidden-host');
    assert.equal(guard.check(request({ host: '127.0.0.1:5000' })), null);
  });

  test('errors say what was refused', () => {
    const guard = guardFor('127.0.0.1');
    const host = guard.check(request({ host: 'evil.com:4000' }));
    assert.equal(host && statusOf(host), 403);
    assert.match(host?.message ?? '', /own host.*"evil\.com:4000"/);
    const origin = guard.check(request({ host: '127.0.0.1:4000', origin: 'http://evil.com' }));
    assert.equal(origin?.code, 'forbidden-origin');
    assert.equal(origin && statusOf(origin), 403);
    assert.match(origin?.message ?? '', /http:\/\/evil\.com/);
    assert.equal(
      guard.check(request({}))?.message,
      'Requests must be addressed to Grove\'s own host, not "".',
    );
    const https = guard.check(
      request({ host: '127.0.0.1:4000', origin: 'https://127.0.0.1:4000' }),
    );
    assert.equal(https?.code, 'forbidden-origin');
  });

  test('a new token replaces the old one at once', () => {
    const guard = createRequestGuard({ host: '127.0.0.1', port: () => 4000, token: 'old' });
    guard.setToken('new');
    assert.equal(guard.isTokenValid('new'), true);
    assert.equal(guard.isTokenValid('old'), false);
  });
});

test('a refused token is answered with how to send one', async () => {
  const t = await startTestServer();
  try {
    const response = await rawRequest({
      port: t.server.port,
      path: '/api/projects',
      headers: { host: `127.0.0.1:${t.server.port}`, authorization: `XBearer ${t.server.token}` },
    });
    assert.equal(response.status, 401);
    assert.deepEqual(response.json, {
      error: {
        code: 'unauthorized',
        message: 'A valid "Authorization: Bearer <token>" header is required.',
      },
    });
  } finally {
    await t.close();
    await removeDir(t.dataDir);
  }
});
