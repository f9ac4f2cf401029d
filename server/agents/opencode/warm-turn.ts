import { agentError, exitError } from '../shared/agent-errors.js';
import type { AgentEvent, SpawnSpec, TurnIO } from '../shared/types.js';
import type { WarmTurn, WarmTurnContext } from '../shared/warm.js';
import { OpencodeServeDriver } from './serve-driver.js';
import { spawnKey, type WarmLease } from '../shared/warm-pool.js';
import { servePool, ServeStartError, WarmServe } from './warm-serve.js';

/** After an abort, how long the session gets to report itself idle before the turn is dropped. */
const ABORT_GRACE_MS = 5_000;

/**
 * One OpenCode turn on the shared server for its spawn config (started on first use): the
 * driver talks to it exactly as to a server of its own, but the end of the turn releases the
 * server instead of stopping it, and a cancel aborts this session alone.
 */
export function startOpencodeWarmTurn(
  { request, io, warm }: WarmTurnContext,
  spec: SpawnSpec,
  variant: string | null,
): WarmTurn {
  let settle!: (outcome: { spawnError: Error | null }) => void;
  const done = new Promise<{ spawnError: Error | null }>((resolve) => (settle = resolve));
  let lease: WarmLease<WarmServe> | null = null;
  let driver: OpencodeServeDriver | null = null;
  let sessionId: string | null = null;
  let cancelled = false;
  let over = false;

  const end = (spawnError: Error | null = null) => {
    if (over) return;
    over = true;
    if (sessionId) lease?.process.busy.delete(sessionId);
    lease?.release();
    settle({ spawnError });
  };
  const driverIo: TurnIO = {
    write: () => undefined,
    emit: (events) => {
      for (const event of events) if (event.type === 'conversation') sessionId = event.id;
      if (sessionId && !over) lease?.process.busy.set(sessionId, request.cwd);
      io.emit(events);
    },
    terminate: () => end(),
    record: io.record,
    requestApproval: io.requestApproval,
  };

  void (async () => {
    try {
      lease = await servePool(warm).acquire(spawnKey(spec), () => WarmServe.start(warm, spec));
    } catch (error) {
      const spawnError = error instanceof ServeStartError ? error.spawnError : null;
      // A CLI that could not be started at all is reported by the chat layer, which knows its path.
      if (!spawnError) io.emit(startFailure(error));
      return end(spawnError);
    }
    if (cancelled) return end();
    const serve = lease.process;
    const turnDriver = new OpencodeServeDriver(driverIo, request, variant, serve);
    driver = turnDriver;
    // The server died under the turn: what its exit says is the turn's error.
    void serve.exited.then((exit) => {
      if (over) return;
      io.emit(turnDriver.finish(exit));
      end();
    });
    turnDriver.connect(serve.url);
  })();

  return {
    done,
    async cancel() {
      cancelled = true;
      const serve = lease?.process;
      if (serve && sessionId && !over) {
        // OpenCode then reports the session aborted and idle, which ends the turn as usual.
        await serve.abort(sessionId, request.cwd);
        const grace = new Promise((resolve) => setTimeout(resolve, ABORT_GRACE_MS).unref());
        await Promise.race([done, grace]);
      }
      // Not prompted yet (or the abort went unanswered): drop whatever is in flight.
      driver?.abandon();
      end();
      await done;
    },
  };
}

function startFailure(error: unknown): AgentEvent[] {
  if (error instanceof ServeStartError && error.exit) {
    const events = exitError(error.exit);
    return events.length > 0 ? events : [agentError('cli-crashed', error.message)];
  }
  const message = error instanceof Error ? error.message : String(error);
  return [agentError('cli-crashed', message)];
}
