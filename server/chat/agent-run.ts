import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { redactDeep, redactSecrets, secretValues } from '../agents/shared/mcp.js';
import type {
  PerTurnForm,
  AgentEvent,
  ApprovalAnswer,
  ApprovalAsk,
  TurnIO,
  TurnRequest,
} from '../agents/shared/types.js';
import { ProcessGroup } from './process-group.js';
import type { RunProcessRecord } from './process-registry.js';
import type { RawLog } from './raw-log.js';

export interface RunOutcome {
  exit: { code: number | null; signal: NodeJS.Signals | null };
  spawnError: Error | null;
}

/** What every turn run offers the chat service, whether its process is its own or warm. */
export interface TurnRun {
  readonly done: Promise<{ spawnError: Error | null }>;
  /** Stops the turn; resolves once it is over. */
  stop(): Promise<void>;
}

const STDERR_CAP = 64 * 1024;

/**
 * Whatever the CLI echoes of a secret (Claude's mcp_status, an error quoting a header) is masked
 * before it reaches the raw log, an event or a client.
 */
export function runRedaction(request: TurnRequest): {
  redact: (line: string) => string;
  redactEvent: (event: AgentEvent) => AgentEvent;
} {
  const secrets = secretValues(request.mcp);
  if (secrets.length === 0) return { redact: (line) => line, redactEvent: (event) => event };
  return {
    redact: (line) => redactSecrets(line, secrets),
    redactEvent: (event) => redactDeep(event, secrets),
  };
}

/**
 * One process-per-turn agent run: spawn the CLI in its own process group, feed stdout line by
 * line to the adapter's parser (which may also talk to the CLI through `TurnIO`), and report
 * every event. `stop()` ends the whole group.
 */
export class AgentRun implements TurnRun {
  private readonly group: ProcessGroup;
  private stderr = '';
  private readonly redactEvent: (event: AgentEvent) => AgentEvent;
  private spawnError: Error | null = null;
  readonly done: Promise<RunOutcome>;

  constructor(
    adapter: PerTurnForm,
    request: TurnRequest,
    private readonly onEvent: (event: AgentEvent) => void,
    rawLog: RawLog,
    processRecord: RunProcessRecord,
    requestApproval: (ask: ApprovalAsk) => Promise<ApprovalAnswer>,
  ) {
    const spec = adapter.buildTurn(request);
    const files = spec.files ?? [];
    if (files.length > 0) mkdirSync(request.runFilesDir, { recursive: true, mode: 0o700 });
    for (const file of files) writeFileSync(file.path, file.content, { mode: 0o600 });
    const { redact, redactEvent } = runRedaction(request);
    this.redactEvent = redactEvent;
    const group = ProcessGroup.spawn(spec.command, spec.args, {
      cwd: request.cwd,
      env: spec.env,
      onProcesses: (processes) => processRecord.note(processes),
    });
    this.group = group;
    const { child } = group;
    const io: TurnIO = {
      write: (line) => {
        if (child.stdin?.writable) child.stdin.write(`${line}\n`);
      },
      endInput: () => child.stdin?.end(),
      emit: (events) => this.emitAll(events),
      terminate: () => void group.stop(),
      record: (line) => rawLog.line(redact(line)),
      requestApproval,
    };
    const parser = adapter.createParser({ request, spec, io });
    child.on('error', (error) => {
      this.spawnError = error;
    });
    child.stdin?.on('error', () => undefined);
    if (spec.stdin !== 'interactive') child.stdin?.end(spec.stdin ?? undefined);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.stderr.length < STDERR_CAP) this.stderr += chunk.toString('utf8');
    });
    const lines = child.stdout
      ? createInterface({ input: child.stdout, crlfDelay: Infinity })
      : null;
    lines?.on('line', (line) => {
      rawLog.line(redact(line));
      this.emitAll(parser.line(line));
    });
    this.done = (async () => {
      // 'close' comes after stdout has ended, so every line has been parsed by now.
      const exit = await group.exit;
      // Whatever the CLI started and left behind goes with it.
      await group.reap();
      await processRecord.clear();
      this.emitAll(parser.finish({ ...exit, stderr: this.stderr }));
      for (const file of files) rmSync(file.path, { force: true });
      await rawLog.close();
      return { exit, spawnError: this.spawnError };
    })();
  }

  get pid(): number | undefined {
    return this.group.pid;
  }

  stop(): Promise<void> {
    return this.group.stop();
  }

  private emitAll(events: AgentEvent[]): void {
    for (const event of events) this.onEvent(this.redactEvent(event));
  }
}
