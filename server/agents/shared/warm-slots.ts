import type { WarmProcess } from './warm-pool.js';
import { WARM_IDLE_MS } from './warm-pool.js';

/** A process that holds one conversation, and the spawn config it was started with. */
export interface ConversationProcess extends WarmProcess {
  /** A hash of everything its spawn depends on but the conversation (see `configKey`). */
  readonly config: string;
}

interface Slot<T> {
  process: T;
  idleTimer: NodeJS.Timeout;
}

/**
 * Idle processes by the conversation they hold (Claude Code keeps one conversation per process).
 * A turn takes its conversation's process out while it runs and puts it back when it ends well;
 * one left idle for `idleMs` is stopped. A turn asking with another config (mode, model,
 * thinking) gets nothing: the old process is stopped and the caller starts one that resumes.
 */
export class WarmSlots<T extends ConversationProcess> {
  private readonly idle = new Map<string, Slot<T>>();
  private closed = false;

  constructor(private readonly idleMs: number = WARM_IDLE_MS) {}

  /** The conversation's idle process if it was spawned with `config`; any other one is stopped. */
  async take(conversation: string | null, config: string): Promise<T | null> {
    const slot = conversation ? this.idle.get(conversation) : undefined;
    if (!conversation || !slot) return null;
    this.forget(conversation, slot);
    if (slot.process.config === config) return slot.process;
    await slot.process.stop();
    return null;
  }

  /** Keeps `process` warm for the conversation's next turn (it is stopped if Grove is closing). */
  keep(conversation: string, process: T): void {
    if (this.closed) {
      void process.stop();
      return;
    }
    const previous = this.idle.get(conversation);
    if (previous && previous.process !== process) {
      this.forget(conversation, previous);
      void previous.process.stop();
    }
    const idleTimer = setTimeout(() => {
      this.forget(conversation, slot);
      void process.stop();
    }, this.idleMs);
    idleTimer.unref();
    const slot: Slot<T> = { process, idleTimer };
    this.idle.set(conversation, slot);
    // One that exits on its own is simply no longer warm.
    void process.exited.then(() => this.forget(conversation, slot));
  }

  /** Stops the idle processes of these conversations (a deleted session's, so none lingers). */
  async release(conversations: readonly string[]): Promise<void> {
    const slots = conversations.flatMap((conversation) => {
      const slot = this.idle.get(conversation);
      if (!slot) return [];
      this.forget(conversation, slot);
      return [slot];
    });
    await Promise.all(slots.map((slot) => slot.process.stop()));
  }

  /** Stops every idle process and keeps no more; for Grove quitting. */
  async shutdown(): Promise<void> {
    this.closed = true;
    const slots = [...this.idle.entries()];
    for (const [conversation, slot] of slots) this.forget(conversation, slot);
    await Promise.all(slots.map(([, slot]) => slot.process.stop()));
  }

  private forget(conversation: string, slot: Slot<T>): void {
    clearTimeout(slot.idleTimer);
    if (this.idle.get(conversation) === slot) this.idle.delete(conversation);
  }
}
