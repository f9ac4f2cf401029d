import type { ProcessExit } from './agent-errors.js';
import type { KeptProcess } from './kept-process.js';
import type { AgentEvent, TurnIO } from './types.js';
import type { WarmTurn, WarmTurnContext } from './warm.js';
import type { WarmSlots } from './warm-slots.js';

/** A turn's driver as the kept-process loop sees it. */
export interface KeptTurnDriver {
  line(text: string): AgentEvent[];
  /** The events that explain the process's exit under the turn. */
  finish(exit: ProcessExit): AgentEvent[];
  /** The turn is over; `keep`: its process may take the conversation's next turn. */
  ended(): { keep: boolean } | null;
  /** Asks the CLI to end the turn itself; false when it cannot be asked. */
  interrupt?(): boolean;
}

export interface KeptTurnOptions<P extends KeptProcess> {
  slots: WarmSlots<P>;
  /** Everything the process depends on but the conversation (see `WarmSlots.take`). */
  config: string;
  /** A new process, for a conversation without a kept one (or one kept with another config). */
  spawn(): P;
  /**
   * `checkEnded` asks again whether the turn is over, for a driver whose turn can end on a timer
   * rather than on a line (the loop asks after each line).
   */
  driverFor(io: TurnIO, process: P, checkEnded: () => void): KeptTurnDriver;
  /** How long a cancel waits for an interrupted turn to end before it stops the process. */
  interruptGraceMs?: number;
}

/**
 * One turn on the process that holds its conversation: the kept one when its config matches,
 * else a new one. When the turn ends well the process is kept for the next; otherwise, and on a
 * cancel, it is stopped, which takes any tool command still running with it.
 */
export function startKeptTurn<P extends KeptProcess>(
  { request, io }: WarmTurnContext,
  options: KeptTurnOptions<P>,
): WarmTurn {
  let settle!: (outcome: { spawnError: Error | null }) => void;
  const done = new Promise<{ spawnError: Error | null }>((resolve) => (settle = resolve));
  let process: P | null = null;
  let driver: KeptTurnDriver | null = null;
  let conversation = request.resumeId;
  let cancelled = false;
  let over = false;

  const end = (keep: boolean) => {
    if (over || !process) return;
    over = true;
    process.attach(null);
    if (keep && !cancelled && conversation) options.slots.keep(conversation, process);
    else void process.stop();
    settle({ spawnError: process.child.spawnError });
  };

  void (async () => {
    const current = (await options.slots.take(request.resumeId, options.config)) ?? options.spawn();
    process = current;
    if (cancelled) return end(false);
    const checkEnded = () => {
      const ended = driver?.ended();
      if (ended) end(ended.keep);
    };
    const turnIo: TurnIO = {
      write: (line) => current.child.write(line),
      emit: io.emit,
      terminate: () => end(false),
      record: io.record,
      requestApproval: io.requestApproval,
    };
    // Lines of this process reach this turn's driver only from here on.
    const turnDriver = options.driverFor(turnIo, current, checkEnded);
    driver = turnDriver;
    current.attach((line) => {
      io.record(line);
      const events = turnDriver.line(line);
      for (const event of events) if (event.type === 'conversation') conversation = event.id;
      io.emit(events);
      checkEnded();
    });
    // The process died under the turn (or was stopped by a cancel): its exit explains it.
    void current.exited.then((exit) => {
      if (over) return;
      io.emit(turnDriver.finish(exit));
      end(false);
    });
  })();

  return {
    done,
    async cancel() {
      cancelled = true;
      if (options.interruptGraceMs && driver?.interrupt?.()) {
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise(
          (resolve) => (timer = setTimeout(resolve, options.interruptGraceMs)),
        );
        await Promise.race([done, grace]);
        clearTimeout(timer);
      }
      await process?.stop();
      await done;
    },
  };
}
