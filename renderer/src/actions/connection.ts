import { api, setApiConnection } from '../api/client.js';
import { forgetToken, rememberToken, type Connection } from '../api/connection.js';
import { useConnectionStore } from '../stores/connection.js';
import { syncEngine } from '../sync/engine.js';

/** Start talking to Grove with this connection (first start, a typed token, a new token). */
export function connect(connection: Connection, fromBridge: boolean): void {
  setApiConnection(connection);
  useConnectionStore.getState().set({ fromBridge });
  syncEngine.start(connection);
}

/** The token prompt's answer: kept for next time unless the server refuses it. */
export function connectWithToken(baseUrl: string, token: string): void {
  rememberToken(token);
  connect({ baseUrl, token }, false);
}

export function signOut(): void {
  forgetToken();
  syncEngine.stop();
  setApiConnection(null);
  useConnectionStore.getState().set({ status: 'unauthorized', token: null, lastError: null });
}

/**
 * Replace the token: the old one stops working at once and the server drops every socket, so
 * this window stops listening first (a drop must not read as "token refused"), then switches.
 */
export async function regenerateToken(): Promise<string> {
  const { baseUrl, fromBridge, token: previous } = useConnectionStore.getState();
  syncEngine.stop();
  let token: string;
  try {
    ({ token } = await api.call('regenerateToken'));
  } catch (error) {
    if (previous) connect({ baseUrl, token: previous }, fromBridge);
    throw error;
  }
  if (!fromBridge) rememberToken(token);
  connect({ baseUrl, token }, fromBridge);
  return token;
}
