import type { ProcessExit } from '../shared/agent-errors.js';
import type { SpawnSpec, TurnIO } from '../shared/types.js';
import type { WarmChild, WarmLauncher, WarmTurn, WarmTurnContext } from '../shared/warm.js';
import { WarmSlots, type ConversationProcess } from '../shared/warm-slots.js';
import { ClaudeTurnDriver } from './driver.js';

/** A `claude` stream-json process holding one conversation, fed one turn at a time. */
class ClaudeProcess implements ConversationProcess {
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

const slotsOf = new WeakMap<WarmLauncher, WarmSlots<ClaudeProcess>>();

function warmSlots(warm: WarmLauncher): WarmSlots<ClaudeProcess> {
  let slots = slotsOf.get(warm);
  if (!slots) {
    slots = warm.track(new WarmSlots<ClaudeProcess>(warm.idleMs));
    slotsOf.set(warm, slots);
  }
  return slots;
}

/**
 * One Claude turn on the process that holds its conversation, kept from the last turn when the
 * mode, model and thinking level are unchanged (`config`); otherwise a new process resumes the
 * conversation (`spec`, which carries `--resume`). After the result the process waits, stdin
 * open, for the next turn's user line. A cancel stops the process: the next turn resumes anew.
 */
export function startClaudeWarmTurn(
  { request, io, warm }: WarmTurnContext,
  spec: SpawnSpec,
  config: string,
): WarmTurn {
  let settle!: (outcome: { spawnError: Error | null }) => void;
  const done = new Promise<{ spawnError: Error | null }>((resolve) => (settle = resolve));
  let process: ClaudeProcess | null = null;
  let conversation: string | null = null;
  let cancelled = false;
  let over = false;

  const end = (keep: boolean) => {
    if (over || !process) return;
    over = true;
    process.attach(null);
    if (keep && conversation) warmSlots(warm).keep(conversation, process);
    else void process.stop();
    settle({ spawnError: process.child.spawnError });
  };

  void (async () => {
    const kept = await warmSlots(warm).take(request.resumeId, config);
    const current = kept ?? new ClaudeProcess(warm.spawn(spec, request.cwd), config);
    process = current;
    if (cancelled) return end(false);
    const turnIo: TurnIO = {
      write: (line) => current.child.write(line),
      endInput: () => undefined,
      emit: io.emit,
      terminate: () => end(false),
      record: io.record,
      requestApproval: io.requestApproval,
    };
    const driver = new ClaudeTurnDriver(turnIo, request, null);
    current.attach((line) => {
      io.record(line);
      const events = driver.line(line);
      for (const event of events) if (event.type === 'conversation') conversation = event.id;
      io.emit(events);
      if (driver.resultSeen) end(true);
    });
    // The process died under the turn (or was stopped by a cancel): its exit explains it.
    void current.exited.then((exit) => {
      if (over) return;
      io.emit(driver.finish(exit));
      end(false);
    });
  })();

  return {
    done,
    async cancel() {
      cancelled = true;
      await process?.stop();
      await done;
    },
  };
}
