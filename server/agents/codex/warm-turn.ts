import { createHash } from 'node:crypto';
import { KeptProcess, slotsPerLauncher } from '../shared/kept-process.js';
import type { SpawnSpec, TurnIO, TurnRequest } from '../shared/types.js';
import type { WarmTurn, WarmTurnContext } from '../shared/warm.js';
import { spawnKey } from '../shared/warm-pool.js';
import { CODEX_EXIT_GRACE_MS, CodexTurnDriver, type CodexProcessState } from './driver.js';
import { codexMcpSetup } from './mcp-config.js';

/** A `codex app-server` holding one thread, and what it knows from its earlier turns. */
class CodexProcess extends KeptProcess {
  readonly state: CodexProcessState = { initialized: false, thread: null, ids: { next: 1 } };
}

const warmSlots = slotsPerLauncher<CodexProcess>();

/** How long a cancel waits for `turn/interrupt` to end the turn before it stops the process. */
export const CODEX_INTERRUPT_GRACE_MS = 3_000;

/**
 * Everything a kept app-server's thread depends on but the model and effort, which `turn/start`
 * sets per turn: the spawn, the worktree, the mode (sandbox and approval policy are thread
 * settings) and the session's MCP servers (started with the thread).
 */
export function codexWarmConfig(spec: SpawnSpec, request: TurnRequest): string {
  const { config } = codexMcpSetup(request.mcp, new Set());
  return createHash('sha256')
    .update(JSON.stringify([spawnKey(spec), request.cwd, request.mode, config]))
    .digest('hex');
}

/**
 * One Codex turn on the app-server that holds its thread, kept from the last turn when `config`
 * is unchanged: a new `turn/start` on the loaded thread, no handshake, no `thread/resume`.
 * Otherwise a new app-server resumes (or starts, or forks) the thread. After `turn/completed`
 * the process waits, stdin open, for the next turn. A cancel sends `turn/interrupt`, then stops
 * the process, which takes with it any tool command still running: the next turn resumes anew.
 */
export function startCodexWarmTurn(
  { request, io, warm }: WarmTurnContext,
  spec: SpawnSpec,
  config: string,
): WarmTurn {
  let settle!: (outcome: { spawnError: Error | null }) => void;
  const done = new Promise<{ spawnError: Error | null }>((resolve) => (settle = resolve));
  let process: CodexProcess | null = null;
  let driver: CodexTurnDriver | null = null;
  let conversation = request.resumeId;
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
    const current = kept ?? new CodexProcess(warm.spawn(spec, request.cwd), config);
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
    // Answers and events of this turn only reach its driver from here on.
    const turnDriver = new CodexTurnDriver(turnIo, request, CODEX_EXIT_GRACE_MS, current.state);
    driver = turnDriver;
    current.attach((line) => {
      io.record(line);
      const events = turnDriver.line(line);
      for (const event of events) if (event.type === 'conversation') conversation = event.id;
      io.emit(events);
      if (turnDriver.over) end(turnDriver.completed && !cancelled);
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
      if (driver?.interrupt()) {
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise(
          (resolve) => (timer = setTimeout(resolve, CODEX_INTERRUPT_GRACE_MS)),
        );
        await Promise.race([done, grace]);
        clearTimeout(timer);
      }
      await process?.stop();
      await done;
    },
  };
}
