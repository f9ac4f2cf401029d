import { create } from 'zustand';

/**
 * - `connecting`: first attempt, nothing shown yet.
 * - `syncing`: the socket is open and the app is (re)loading everything.
 * - `live`: events flow; what is shown is current.
 * - `reconnecting`: the socket dropped; retrying, and catching up with `since` once back.
 * - `unauthorized`: the token was refused; the user must give another.
 */
export type ConnectionStatus = 'connecting' | 'syncing' | 'live' | 'reconnecting' | 'unauthorized';

interface ConnectionState {
  status: ConnectionStatus;
  baseUrl: string;
  token: string | null;
  /** The stores have been filled at least once, so the app can be shown (even while reconnecting). */
  ready: boolean;
  /** The Electron bridge gave the connection (no token prompt, no localStorage). */
  fromBridge: boolean;
  /** The highest event seq applied; sent as `since` on reconnect. */
  lastSeq: number | null;
  /** When the socket last dropped, and how many attempts since. */
  disconnectedAt: number | null;
  attempts: number;
  lastError: string | null;
  set(patch: Partial<Omit<ConnectionState, 'set'>>): void;
}

export const useConnectionStore = create<ConnectionState>()((set) => ({
  status: 'connecting',
  baseUrl: '',
  token: null,
  ready: false,
  fromBridge: false,
  lastSeq: null,
  disconnectedAt: null,
  attempts: 0,
  lastError: null,
  set: (patch) => set(patch),
}));
