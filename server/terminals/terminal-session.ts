import type { IPty, spawn } from 'node-pty';
import type { ProcessRef } from '../chat/process-tree.js';
import type { Terminal } from '../contract/index.js';
import { INPUT_BACKLOG_CAP_BYTES, INPUT_RESUME_BYTES, pendingInputBytes } from './pty-input.js';
import { ReplayBuffer } from './replay-buffer.js';
import { TerminalProcesses } from './terminal-processes.js';

export type PtyModule = { spawn: typeof spawn };

/** node-pty, a native module, is loaded by the first terminal rather than at server start. */
export const loadPty = (): Promise<PtyModule> => import('node-pty');

/** One attached socket, as the session sees it. */
export interface TerminalClient {
  send(chunk: Buffer): void;
  close(code: number, reason: string): void;
}

export interface SpawnSpec {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

export interface SessionHooks {
  onExit(exitCode: number | null): void;
  onProcesses(processes: readonly ProcessRef[]): void;
}

/** How long a stopped PTY gets to report its exit once its processes are gone. */
const EXIT_WAIT_MS = 3_000;
/** node-pty has no drain event: how often a paused input backlog is checked. */
const INPUT_POLL_MS = 20;

/**
 * A live PTY: its output kept for replay and fanned out to every attached client, input from any
 * of them, and every process it started stopped together.
 */
export class TerminalSession {
  private readonly replay = new ReplayBuffer();
  private readonly clients = new Set<TerminalClient>();
  private readonly processes: TerminalProcesses;
  readonly exited: Promise<number | null>;
  private stopping: Promise<void> | null = null;

  static start(
    ptyModule: PtyModule,
    info: Terminal,
    spec: SpawnSpec,
    hooks: SessionHooks,
  ): TerminalSession {
    const pty = ptyModule.spawn(spec.file, spec.args, {
      name: 'xterm-256color',
      cwd: spec.cwd,
      env: spec.env,
      cols: spec.cols,
      rows: spec.rows,
    });
    return new TerminalSession(info, pty, spec, hooks);
  }

  private constructor(
    public info: Terminal,
    private readonly pty: IPty,
    spec: SpawnSpec,
    hooks: SessionHooks,
  ) {
    this.info = { ...info, pid: this.pty.pid, cols: spec.cols, rows: spec.rows };
    this.processes = TerminalProcesses.of(info.id, this.pty.pid, hooks.onProcesses);
    this.pty.onData((text) => this.output(Buffer.from(text, 'utf8')));
    this.exited = new Promise((resolve) => {
      this.pty.onExit(({ exitCode, signal }) => {
        // Killed by a signal: the shell convention, 128 + its number.
        const code = signal ? 128 + signal : exitCode;
        this.info = { ...this.info, status: 'exited', exit_code: code };
        hooks.onExit(code);
        resolve(code);
      });
    });
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Replay what the screen showed, then stream: one synchronous step, so nothing falls between. */
  attach(client: TerminalClient): () => void {
    const kept = this.replay.contents();
    if (kept.length > 0) client.send(kept);
    this.clients.add(client);
    return () => this.clients.delete(client);
  }

  /** The end of the output as plain text (escape sequences removed), for error messages. */
  textTail(maxChars: number): string {
    const text = this.replay
      .contents()
      .toString('utf8')
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]/g, '')
      .replace(/\r/g, '')
      .trim();
    return text.slice(-maxChars);
  }

  /**
   * Type into the terminal. False when input is piling up unread past the cap: the caller stops
   * sending until `inputDrained()`, so a flood costs Grove the cap, not the flood.
   */
  write(data: string | Buffer): boolean {
    if (this.info.status === 'running') this.pty.write(data);
    return this.inputBacklog <= INPUT_BACKLOG_CAP_BYTES;
  }

  /** Typed input the terminal's program has not read yet (0 once it exited). */
  get inputBacklog(): number {
    return this.info.status === 'running' ? pendingInputBytes(this.pty) : 0;
  }

  /** Resolves once the input backlog is small again, or the terminal exited. */
  async inputDrained(): Promise<void> {
    while (this.inputBacklog > INPUT_RESUME_BYTES) await delay(INPUT_POLL_MS);
  }

  resize(cols: number, rows: number): void {
    if (this.info.status === 'running') this.pty.resize(cols, rows);
    this.info = { ...this.info, cols, rows };
  }

  /** Stop every process the terminal started, the shell and its background jobs alike. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.processes.stop();
      await Promise.race([this.exited, delay(EXIT_WAIT_MS)]);
      if (this.info.status === 'running') this.pty.kill('SIGKILL');
    })();
    return this.stopping;
  }

  /** Disconnect every client (the terminal is gone). */
  closeClients(reason: string): void {
    for (const client of this.clients) client.close(1000, reason);
    this.clients.clear();
  }

  private output(chunk: Buffer): void {
    this.replay.append(chunk);
    for (const client of this.clients) client.send(chunk);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
