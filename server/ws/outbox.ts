import type { ServerFrame } from '../contract/index.js';

type Send = (text: string) => void;

/**
 * Events bound for WebSocket clients, sent once the current turn of the event loop is over: the
 * request that published them answers first, instead of after one socket write per client.
 * One queue for every client keeps each client's events in the order they were published.
 */
export class Outbox {
  private queued: { send: Send; frame: ServerFrame }[] = [];

  add(send: Send, frame: ServerFrame): void {
    if (this.queued.push({ send, frame }) === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    const queued = this.queued;
    this.queued = [];
    for (const { send, frame } of queued) send(serializedFrame(frame));
  }
}

/** Each event is serialized once however many clients it goes to (hub frames are shared). */
const serializedFrames = new WeakMap<ServerFrame, string>();

export function serializedFrame(frame: ServerFrame): string {
  let text = serializedFrames.get(frame);
  if (text === undefined) {
    text = JSON.stringify(frame);
    serializedFrames.set(frame, text);
  }
  return text;
}
