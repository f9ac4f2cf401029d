/**
 * Where the API lives and which token opens it. In Electron the preload bridge answers; in a
 * browser the page is served by Grove itself, so the API is this origin and the token comes from
 * `?token=` once (then kept in localStorage and removed from the address bar) or from the user.
 */
export interface Connection {
  baseUrl: string;
  token: string;
}

/** What the Electron preload exposes as `window.grove`. */
/** What Electron's preload exposes (electron/preload.cts): one method per capability. */
export interface GroveBridge {
  getConnection(): Promise<Connection>;
  notify(title: string, body: string): Promise<void>;
  openExternal(url: string): Promise<void>;
  /** Open a worktree's folder with the system (its file manager); older builds lack it. */
  openPath?(path: string): Promise<void>;
  /** The system's folder dialog: the folder chosen, or null on cancel; older builds lack it. */
  pickFolder?(): Promise<string | null>;
}

declare global {
  interface Window {
    grove?: GroveBridge;
  }
}

export const TOKEN_KEY = 'grove.token';

export type ConnectionSource =
  | { kind: 'ready'; connection: Connection; fromBridge: boolean }
  | { kind: 'needs-token'; baseUrl: string };

export async function resolveConnection(): Promise<ConnectionSource> {
  if (window.grove) {
    const connection = await window.grove.getConnection();
    return {
      kind: 'ready',
      connection: { ...connection, baseUrl: trimSlash(connection.baseUrl) },
      fromBridge: true,
    };
  }
  const baseUrl = trimSlash(window.location.origin);
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    rememberToken(fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return { kind: 'ready', connection: { baseUrl, token: fromUrl }, fromBridge: false };
  }
  const kept = readToken();
  if (kept) return { kind: 'ready', connection: { baseUrl, token: kept }, fromBridge: false };
  return { kind: 'needs-token', baseUrl };
}

export function rememberToken(token: string): void {
  try {
    window.localStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage can be disabled; the token then lasts for this page only.
  }
}

export function forgetToken(): void {
  try {
    window.localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing kept, nothing to forget.
  }
}

function readToken(): string | null {
  try {
    return window.localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `http://host:port` → `ws://host:port/ws`, with `since` when catching up. */
export function socketUrl(baseUrl: string, since: number | null): string {
  const url = new URL('/ws', baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (since !== null) url.searchParams.set('since', String(since));
  return url.toString();
}
