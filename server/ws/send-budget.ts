import type { WebSocket } from 'ws';

/** How much unsent data one client may have queued before it is considered too far behind. */
export const SEND_BUFFER_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * Close code for a client that stopped reading: nothing is lost, it should reconnect with
 * `?since=<last seq>` and be replayed what it missed. (4000-4999 are for applications.)
 */
export const CLOSE_TOO_FAR_BEHIND = 4008;

/** How long a closed slow client gets to take the close frame before its socket is cut. */
const TERMINATE_AFTER_MS = 2_000;

export interface SendBudgetOptions {
  /** Most unsent bytes allowed (default SEND_BUFFER_LIMIT_BYTES). */
  limitBytes?: number;
  /** Default CLOSE_TOO_FAR_BEHIND; a terminal socket may prefer its own. */
  closeCode?: number;
  reason?: string;
  /** Default 2 s; the socket is destroyed then, close frame delivered or not. */
  terminateAfterMs?: number;
}

/**
 * Wraps `ws.send` with a cap on what may wait in its send buffer. A message that would take the
 * buffer past the cap closes the client instead (so a client that stops reading costs at most
 * the cap plus one message, never unbounded memory) and its socket is cut shortly after, since
 * a stalled reader never takes the close frame. A first message bigger than the cap still goes
 * out on an empty buffer, so every message can be delivered to a reader that keeps up.
 * Returns the sender; it answers whether the message was queued.
 */
export function boundedSender(
  ws: WebSocket,
  options: SendBudgetOptions = {},
): (data: string | Buffer) => boolean {
  const limit = options.limitBytes ?? SEND_BUFFER_LIMIT_BYTES;
  return (data) => {
    if (ws.readyState !== ws.OPEN) return false;
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    const queued = ws.bufferedAmount;
    if (queued > 0 && queued + size > limit) {
      ws.close(
        options.closeCode ?? CLOSE_TOO_FAR_BEHIND,
        options.reason ?? 'Too far behind: reconnect with ?since=<last seq>',
      );
      setTimeout(() => ws.terminate(), options.terminateAfterMs ?? TERMINATE_AFTER_MS).unref();
      return false;
    }
    ws.send(data);
    return true;
  };
}
