import type { ControlFrame, EventMap, EventName, GroveEvent } from '../contract/index.js';

export type Listener = (event: GroveEvent) => void;

export type ReplayResult =
  | { ok: true; events: GroveEvent[] }
  | { ok: false; frame: ControlFrame & { event: 'resync-required' } };

/**
 * Numbers every event and fans it out. Callers publish only after the change is durable.
 * `seq` starts at the start-up time in milliseconds so it keeps growing across restarts: a client
 * reconnecting with a `since` from an earlier run is then recognised as having missed events.
 */
export class EventHub {
  private seq: number;
  private readonly buffer: GroveEvent[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly capacity = 5000,
    startSeq = Date.now(),
  ) {
    this.seq = startSeq;
  }

  get currentSeq(): number {
    return this.seq;
  }

  publish<K extends EventName>(event: K, data: EventMap[K]): GroveEvent {
    this.seq += 1;
    const frame = { event, data, seq: this.seq } as GroveEvent;
    this.buffer.push(frame);
    if (this.buffer.length > this.capacity) this.buffer.shift();
    for (const listener of this.listeners) listener(frame);
    return frame;
  }

  /** How many clients are listening (a dropped client stops counting once its socket closed). */
  get subscriberCount(): number {
    return this.listeners.size;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `since`, or a request to refetch when they are no longer all buffered. */
  replaySince(since: number): ReplayResult {
    if (since === this.seq) return { ok: true, events: [] };
    const oldest = this.buffer[0]?.seq ?? this.seq + 1;
    if (since > this.seq || since < oldest - 1) {
      return {
        ok: false,
        frame: {
          event: 'resync-required',
          data: {
            reason:
              since > this.seq
                ? 'the server restarted since that seq; refetch everything'
                : 'too many events were missed; refetch everything',
          },
          seq: this.seq,
        },
      };
    }
    return { ok: true, events: this.buffer.filter((event) => event.seq > since) };
  }
}
