import { KeptProcess, slotsPerLauncher } from '../shared/kept-process.js';
import type { SpawnSpec, TurnIO } from '../shared/types.js';
import type { WarmTurn, WarmTurnContext } from '../shared/warm.js';
import { ClaudeTurnDriver } from './driver.js';

/** Idle `claude` stream-json processes by conversation, each fed one turn at a time. */
const warmSlots = slotsPerLauncher<KeptProcess>();

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
  let process: KeptProcess | null = null;
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
    const current = kept ?? new KeptProcess(warm.spawn(spec, request.cwd), config);
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
