/** How long a turn waits for the session's MCP servers before it starts without the slow ones. */
export const MCP_STARTUP_WAIT_MS = 30_000;

const SETTLED = new Set(['ready', 'failed', 'cancelled']);

/**
 * Codex starts a thread's MCP servers in the background and does not wait for them: a turn
 * started at once is sent to the model without their tools. This holds the turn until every
 * server Grove configured reports ready (or failed) through `mcpServer/startupStatus/updated`.
 */
export class McpStartup {
  private readonly waiting: Set<string>;
  private start: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    names: readonly string[],
    private readonly waitMs = MCP_STARTUP_WAIT_MS,
  ) {
    this.waiting = new Set(names);
  }

  /** A status notification for one server. */
  update(name: string, status: string): void {
    if (SETTLED.has(status)) this.waiting.delete(name);
    this.release();
  }

  /** Run `start` once every server has settled, or after the wait. */
  whenSettled(start: () => void): void {
    this.start = start;
    if (this.waiting.size > 0) this.timer = setTimeout(() => this.release(true), this.waitMs);
    this.release();
  }

  private release(timedOut = false): void {
    if (!this.start || (this.waiting.size > 0 && !timedOut)) return;
    const start = this.start;
    this.start = null;
    if (this.timer) clearTimeout(this.timer);
    start();
  }
}
