import { api, ApiError, errorMessage } from '../api/client.js';
import { socketUrl, type Connection } from '../api/connection.js';
import { useConnectionStore } from '../stores/connection.js';
import { applyEvent } from './apply-event.js';
import { afterEvent, afterSnapshot } from './effects.js';
import { backoffMs, classifyFrame, parseFrame } from './frames.js';
import { applySnapshot, fetchSnapshot } from './snapshot.js';
import type { GroveEvent } from '@contract';

/**
 * Keeps the stores in step with the server: one WebSocket, events applied as they come, and a
 * full refetch only when the server says the gap cannot be replayed (or on first load). On a
 * drop it reconnects with `?since=<last seq>`, so a short outage loses and repeats nothing.
 */
export class SyncEngine {
  private socket: WebSocket | null = null;
  private connection: Connection | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Events that arrive while a snapshot is loading; applied after it, in order. */
  private pending: GroveEvent[] | null = null;
  /** The stores hold a complete, current picture (false until the first snapshot lands). */
  private synced = false;
  private generation = 0;

  start(connection: Connection): void {
    this.stop();
    this.connection = connection;
    this.synced = false;
    useConnectionStore.getState().set({
      status: 'connecting',
      baseUrl: connection.baseUrl,
      token: connection.token,
      lastSeq: null,
      attempts: 0,
      lastError: null,
    });
    this.open();
  }

  /** Drop the socket and stop retrying (the token changed, or the app is going away). */
  stop(): void {
    this.generation += 1;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.pending = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.onerror = null;
      socket.close(1000, 'client closing');
    }
  }

  /** Reconnect now instead of waiting for the next retry (e.g. the user clicked "Retry"). */
  retryNow(): void {
    if (this.socket || !this.connection) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.open();
  }

  private open(): void {
    const connection = this.connection;
    if (!connection) return;
    const generation = this.generation;
    const { lastSeq } = useConnectionStore.getState();
    let socket: WebSocket;
    try {
      socket = new WebSocket(socketUrl(connection.baseUrl, lastSeq), [
        'grove.v1',
        `grove.token.${connection.token}`,
      ]);
    } catch (error) {
      this.dropped(false, errorMessage(error));
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
    };
    socket.onmessage = (message: MessageEvent) => {
      if (generation === this.generation) this.onFrame(message.data);
    };
    socket.onclose = () => {
      if (generation !== this.generation) return;
      this.socket = null;
      this.dropped(opened, null);
    };
  }

  private onFrame(data: unknown): void {
    const frame = parseFrame(data);
    if (!frame) return;
    const connection = useConnectionStore.getState();
    const action = classifyFrame(connection.lastSeq, frame);
    switch (action.kind) {
      case 'hello':
        connection.set({ attempts: 0, lastError: null, disconnectedAt: null });
        if (connection.lastSeq === null) connection.set({ lastSeq: action.seq });
        if (this.synced) connection.set({ status: 'live' });
        else void this.resync();
        return;
      case 'resync':
        connection.set({ lastSeq: action.seq, attempts: 0, lastError: null, disconnectedAt: null });
        void this.resync();
        return;
      case 'apply':
        connection.set({ lastSeq: action.event.seq });
        if (this.pending) this.pending.push(action.event);
        else this.apply(action.event);
        return;
      case 'skip':
        return;
    }
  }

  private apply(event: GroveEvent): void {
    try {
      applyEvent(event);
      afterEvent(event);
    } catch (error) {
      console.error('Grove: could not apply event', event.event, error);
    }
  }

  private async resync(): Promise<void> {
    const generation = this.generation;
    const socket = this.socket;
    this.synced = false;
    this.pending = [];
    useConnectionStore.getState().set({ status: 'syncing' });
    try {
      const snapshot = await fetchSnapshot();
      if (generation !== this.generation || socket !== this.socket) return;
      applySnapshot(snapshot);
      const queued = this.pending ?? [];
      this.pending = null;
      for (const event of queued) this.apply(event);
      this.synced = true;
      useConnectionStore.getState().set({ status: 'live', ready: true });
      afterSnapshot();
    } catch (error) {
      if (generation !== this.generation) return;
      this.pending = null;
      if (error instanceof ApiError && error.status === 401) {
        this.unauthorized();
        return;
      }
      useConnectionStore.getState().set({ lastError: errorMessage(error) });
      // Start over: close, and the reconnect resyncs since `synced` is false.
      this.socket?.close();
    }
  }

  private dropped(opened: boolean, error: string | null): void {
    this.pending = null;
    const state = useConnectionStore.getState();
    const generation = this.generation;
    if (!opened) {
      // A refused upgrade looks like any other failure; ask the API whether the token is the reason.
      void api.call('getPreferences').then(
        () => undefined,
        (failure: unknown) => {
          if (
            generation === this.generation &&
            failure instanceof ApiError &&
            failure.status === 401
          ) {
            this.unauthorized();
          }
        },
      );
    }
    state.set({
      status: state.status === 'connecting' && !opened ? 'connecting' : 'reconnecting',
      disconnectedAt: state.disconnectedAt ?? Date.now(),
      attempts: state.attempts + 1,
      lastError: error ?? state.lastError,
    });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (generation === this.generation) this.open();
    }, backoffMs(state.attempts));
  }

  private unauthorized(): void {
    this.stop();
    useConnectionStore.getState().set({
      status: 'unauthorized',
      lastError: 'Grove did not accept the token.',
    });
  }
}

export const syncEngine = new SyncEngine();
