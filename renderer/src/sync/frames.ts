import type { GroveEvent, ServerFrame } from '@contract';

export type FrameAction =
  | { kind: 'hello'; seq: number; replayed: number }
  | { kind: 'resync'; seq: number; reason: string }
  | { kind: 'apply'; event: GroveEvent }
  | { kind: 'skip' };

/**
 * What to do with a frame, given the highest seq already applied. Events at or below it were
 * seen (a replay that overlaps), so they are skipped: nothing is applied twice.
 */
export function classifyFrame(lastSeq: number | null, frame: ServerFrame): FrameAction {
  switch (frame.event) {
    case 'hello':
      return { kind: 'hello', seq: frame.data.seq, replayed: frame.data.replayed };
    case 'resync-required':
      return { kind: 'resync', seq: frame.seq, reason: frame.data.reason };
    default:
      if (lastSeq !== null && frame.seq <= lastSeq) return { kind: 'skip' };
      return { kind: 'apply', event: frame };
  }
}

export function parseFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  try {
    const frame = JSON.parse(data) as unknown;
    if (typeof frame !== 'object' || frame === null) return null;
    const { event, seq } = frame as { event?: unknown; seq?: unknown };
    if (typeof event !== 'string' || typeof seq !== 'number') return null;
    return frame as ServerFrame;
  } catch {
    return null;
  }
}

/** Wait before the nth reconnect attempt: quick at first, then every few seconds. */
export function backoffMs(attempt: number): number {
  const steps = [200, 400, 800, 1500, 2500, 4000];
  return steps[Math.min(attempt, steps.length - 1)] ?? 4000;
}

/**
 * The server closed us for falling too far behind (its send buffer for us was full). Nothing is
 * lost: reconnect at once with `?since=` and take the replay. Mirrors the server's
 * CLOSE_TOO_FAR_BEHIND (server/ws/send-budget.ts); the renderer imports only types from it.
 */
export const CLOSE_TOO_FAR_BEHIND = 4008;

/** Wait before reconnecting after a close with `closeCode`, on the nth attempt. */
export function reconnectDelayMs(closeCode: number, attempt: number): number {
  return closeCode === CLOSE_TOO_FAR_BEHIND ? 0 : backoffMs(attempt);
}
