import type { ProcessExit } from './agent-errors.js';
import type { WarmChild, WarmLauncher } from './warm.js';
import { WarmSlots, type ConversationProcess } from './warm-slots.js';

/** A CLI process holding one conversation on stdio, whose lines go to the turn it runs. */
export class KeptProcess implements ConversationProcess {
  private listener: ((line: string) => void) | null = null;

  constructor(
    readonly child: WarmChild,
    readonly config: string,
  ) {
    child.onLine((line) => this.listener?.(line));
  }

  get exited(): Promise<ProcessExit> {
    return this.child.exited;
  }

  /** Lines between turns (none are expected) are dropped. */
  attach(listener: ((line: string) => void) | null): void {
    this.listener = listener;
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}

/** One `WarmSlots` per launcher (per running Grove), stopped with it; for one backend. */
export function slotsPerLauncher<T extends ConversationProcess>(): (
  warm: WarmLauncher,
) => WarmSlots<T> {
  const slotsOf = new WeakMap<WarmLauncher, WarmSlots<T>>();
  return (warm) => {
    let slots = slotsOf.get(warm);
    if (!slots) {
      slots = warm.track(new WarmSlots<T>(warm.idleMs));
      slotsOf.set(warm, slots);
    }
    return slots;
  };
}
