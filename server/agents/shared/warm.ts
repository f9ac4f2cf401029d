import type { ProcessExit } from './agent-errors.js';
import type { SpawnSpec, TurnIO, TurnRequest } from './types.js';
import type { WarmProcess } from './warm-pool.js';

/** Whatever holds warm processes (a pool, warm slots): stopped as Grove quits. */
export interface WarmOwner {
  shutdown(): Promise<void>;
  /** Stops the idle processes holding these conversations: their sessions are going away. */
  release?(conversations: readonly string[]): Promise<void>;
}

/** A CLI process the chat layer started to outlive one turn. */
export interface WarmChild extends WarmProcess {
  readonly pid: number | undefined;
  /** Its exit, with what it wrote to stderr. */
  readonly exited: Promise<ProcessExit>;
  /** Set when it could not be started at all (no such executable, say). */
  readonly spawnError: Error | null;
  /** Called with each stdout line from now on (without its newline). */
  onLine(listener: (line: string) => void): void;
  /** Send one line to its stdin (a newline is added). */
  write(line: string): void;
}

/**
 * What the chat layer offers drivers that keep a CLI warm between turns: a way to start one in
 * Grove's own folder, its processes recorded for the crash sweep like a run's, and pools that are
 * stopped with Grove.
 */
export interface WarmLauncher {
  /** Pools stop a process this long after its last turn. */
  readonly idleMs: number;
  /** Starts `spec` in `cwd`, or in Grove's own folder when the CLI needs no particular one. */
  spawn(spec: SpawnSpec, cwd?: string): WarmChild;
  /** Registers a pool so that Grove quitting stops its processes; returns it. */
  track<T extends WarmOwner>(owner: T): T;
}

/** A turn on a warm process: the parts of `TurnIO` that outlive a process per turn. */
export interface WarmTurnContext {
  request: TurnRequest;
  io: Pick<TurnIO, 'emit' | 'record' | 'requestApproval'>;
  warm: WarmLauncher;
}

export interface WarmTurn {
  /** Settles when the turn is over; `spawnError` when its process could not be started. */
  done: Promise<{ spawnError: Error | null }>;
  /** Stops this turn only (the process stays for other turns); resolves once it is over. */
  cancel(): Promise<void>;
}
