// The window shows one thing: Grove's renderer, served by Grove's own server on 127.0.0.1. Every
// rule here follows from that: the page may load and connect only to that origin, may not
// navigate elsewhere or open windows, and links to the web open in the user's browser instead,
// after their scheme is checked (a `file:`, `javascript:` or custom-protocol URL handed to the OS
// could run a program).

/** Schemes the OS may open for the user; anything else is dropped. */
const EXTERNAL_SCHEMES = new Set(['https:', 'http:', 'mailto:']);

/** The Content-Security-Policy for pages from `origin` (for example `http://127.0.0.1:3456`). */
export function contentSecurityPolicy(origin: string): string {
  const { host } = new URL(origin);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://${host}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The URL, normalised, when it is safe to hand to the OS; null otherwise. */
export function externalUrl(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (!EXTERNAL_SCHEMES.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && url.hostname === '') return null;
  return url.href;
}

export function isSameOrigin(candidate: string, origin: string): boolean {
  try {
    return new URL(candidate).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

type Headers = Record<string, string[]>;

/** The response headers with our CSP in place of any the response carried. */
export function withCsp(headers: Headers | undefined, csp: string): Headers {
  const result: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [csp];
  return result;
}

/** What is used of Electron's `webContents`. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (details: Navigation) => void): unknown;
  on(event: 'will-redirect', listener: (details: Navigation) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface Preventable {
  preventDefault(): void;
}

/** Electron's navigation event: where the page is about to go. */
export interface Navigation extends Preventable {
  url: string;
}

/** Keep a window on `origin`: other navigations and every new window are refused. */
export function guardContents(
  contents: GuardedContents,
  options: { origin: string; openExternal: (url: string) => void },
): void {
  const leave = (navigation: Navigation) => {
    if (isSameOrigin(navigation.url, options.origin)) return;
    navigation.preventDefault();
    openOutside(navigation.url, options);
  };
  contents.on('will-navigate', leave);
  contents.on('will-redirect', leave);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url, options);
    return { action: 'deny' };
  });
}

function openOutside(
  url: string,
  options: { origin: string; openExternal: (url: string) => void },
) {
  // Our own pages need the token, which a browser tab does not have: never send them out.
  if (isSameOrigin(url, options.origin)) return;
  const safe = externalUrl(url);
  if (safe) options.openExternal(safe);
}

/** What is used of Electron's `session`. */
export interface GuardedSession {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Headers },
        callback: (response: { responseHeaders?: Headers }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
}

/** Permissions Grove's own page may have; every other request, from anywhere, is refused. */
const GRANTED = new Set(['notifications', 'clipboard-sanitized-write']);

export function mayUse(permission: string, requestingUrl: string, origin: string): boolean {
  return GRANTED.has(permission) && isSameOrigin(requestingUrl, origin);
}

/** Put the CSP on every response from `origin` and answer permission requests. */
export function guardSession(session: GuardedSession, origin: string): void {
  const csp = contentSecurityPolicy(origin);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isSameOrigin(details.url, origin)) callback({});
    else callback({ responseHeaders: withCsp(details.responseHeaders, csp) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(mayUse(permission, details.requestingUrl, origin));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    mayUse(permission, requestingOrigin, origin),
  );
}
