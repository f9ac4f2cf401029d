import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  contentSecurityPolicy,
  externalUrl,
  guardContents,
  guardSession,
  isSameOrigin,
  withCsp,
} from './security.js';
import { FakeContents, FakeSession } from './test-support/fakes.js';

const ORIGIN = 'http://127.0.0.1:3456';

describe('contentSecurityPolicy', () => {
  const csp = contentSecurityPolicy(ORIGIN);
  const directives = new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  test('is the exact policy: only our origin, and our own socket', () => {
    assert.equal(
      csp,
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self' ws://127.0.0.1:3456; manifest-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
    );
  });

  test('denies by default and allows no inline script, eval or other host', () => {
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), ["'self'"]);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|https?:\/\/(?!127\.0\.0\.1:3456)/);
  });

  test('follows the port the server really got', () => {
    assert.match(
      contentSecurityPolicy('http://127.0.0.1:50123'),
      /connect-src 'self' ws:\/\/127\.0\.0\.1:50123;/,
    );
  });
});

describe('externalUrl: what may be handed to the OS', () => {
  const allowed: [string, string][] = [
    ['https://github.com/grove/grove', 'https://github.com/grove/grove'],
    ['http://example.com', 'http://example.com/'],
    ['mailto:someone@example.com', 'mailto:someone@example.com'],
    ['HTTPS://Example.COM/a b', 'https://example.com/a%20b'],
  ];
  for (const [input, normalised] of allowed) {
    test(`opens ${input}`, () => assert.equal(externalUrl(input), normalised));
  }

  const refused = [
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'smb://attacker/share',
    'vscode://file/tmp/x',
    'ms-settings:display',
    'ftp://example.com/',
    'chrome://settings',
    'https://',
    'not a url',
    '',
  ];
  for (const input of refused) {
    test(`refuses ${JSON.stringify(input)}`, () => assert.equal(externalUrl(input), null));
  }
});

describe('isSameOrigin', () => {
  test('matches scheme, host and port exactly', () => {
    assert.equal(isSameOrigin(`${ORIGIN}/projects/1?x=2`, ORIGIN), true);
    assert.equal(isSameOrigin('http://127.0.0.1:3457/', ORIGIN), false);
    assert.equal(isSameOrigin('http://localhost:3456/', ORIGIN), false);
    assert.equal(isSameOrigin('https://127.0.0.1:3456/', ORIGIN), false);
    assert.equal(isSameOrigin('http://127.0.0.1:3456.evil.com/', ORIGIN), false);
    assert.equal(isSameOrigin('garbage', ORIGIN), false);
  });
});

describe('guardContents: the window stays on Grove', () => {
  function guarded() {
    const contents = new FakeContents();
    const opened: string[] = [];
    guardContents(contents, { origin: ORIGIN, openExternal: (url) => opened.push(url) });
    return { contents, opened };
  }

  test('navigation within Grove goes ahead', () => {
    const { contents, opened } = guarded();
    assert.equal(contents.navigate(`${ORIGIN}/settings`), true);
    assert.deepEqual(opened, []);
  });

  test('navigation to the web is stopped and the link opens in the browser', () => {
    const { contents, opened } = guarded();
    assert.equal(contents.navigate('https://example.com/docs'), false);
    assert.deepEqual(opened, ['https://example.com/docs']);
  });

  test('navigation to a dangerous scheme is stopped and opens nothing', () => {
    const { contents, opened } = guarded();
    assert.equal(contents.navigate('file:///Applications/Calculator.app'), false);
    assert.equal(contents.navigate('javascript:alert(1)'), false);
    assert.deepEqual(opened, []);
  });

  test('redirects away are stopped too', () => {
    const { contents } = guarded();
    assert.equal(contents.navigate('https://example.com/', 'will-redirect'), false);
    assert.equal(contents.navigate(`${ORIGIN}/next`, 'will-redirect'), true);
  });

  test('every new window is denied; web links go to the browser, our own pages nowhere', () => {
    const { contents, opened } = guarded();
    assert.ok(contents.openHandler);
    assert.deepEqual(contents.openHandler({ url: 'https://example.com/' }), { action: 'deny' });
    assert.deepEqual(contents.openHandler({ url: `${ORIGIN}/?token=x` }), { action: 'deny' });
    assert.deepEqual(contents.openHandler({ url: 'file:///etc/passwd' }), { action: 'deny' });
    assert.deepEqual(opened, ['https://example.com/']);
  });

  test('webviews are never attached', () => {
    const { contents } = guarded();
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    assert.equal(prevented, true);
  });
});

describe('guardSession', () => {
  test("puts the CSP on Grove's responses, replacing any other, and leaves others alone", () => {
    const session = new FakeSession();
    guardSession(session, ORIGIN);
    const ours = session.responseHeaders(`${ORIGIN}/`, {
      'content-type': ['text/html'],
      'content-security-policy': ['default-src *'],
    });
    assert.deepEqual(ours['Content-Security-Policy'], [contentSecurityPolicy(ORIGIN)]);
    assert.equal(ours['content-security-policy'], undefined);
    assert.deepEqual(ours['content-type'], ['text/html']);
    const other = session.responseHeaders('https://example.com/', { a: ['b'] });
    assert.deepEqual(other, { a: ['b'] });
  });

  test('grants notifications and clipboard writes to Grove only, nothing else to anyone', () => {
    const session = new FakeSession();
    guardSession(session, ORIGIN);
    assert.equal(session.grants('notifications', `${ORIGIN}/`), true);
    assert.equal(session.grants('clipboard-sanitized-write', `${ORIGIN}/`), true);
    assert.equal(session.grants('notifications', 'https://example.com/'), false);
    for (const permission of ['geolocation', 'media', 'openExternal', 'clipboard-read', 'hid']) {
      assert.equal(session.grants(permission, `${ORIGIN}/`), false, permission);
    }
    assert.equal(session.checkHandler?.(null, 'notifications', ORIGIN), true);
    assert.equal(session.checkHandler?.(null, 'geolocation', ORIGIN), false);
  });
});

test('withCsp drops every casing of an existing policy header', () => {
  const headers = withCsp(
    { 'Content-Security-Policy': ['x'], 'CONTENT-SECURITY-POLICY': ['y'] },
    'z',
  );
  assert.deepEqual(headers, { 'Content-Security-Policy': ['z'] });
});
