import type { GroveEvent, WorktreeGitStatus } from '../contract/index.js';
import type { ServiceContext } from './context.js';

export interface WatcherOptions {
  /** How often a worktree someone looks at is checked for edits made outside Grove. */
  watchedIntervalMs?: number;
  /** How often every other worktree is checked. */
  idleIntervalMs?: number;
  /** Changes closer together than this are checked once. */
  coalesceMs?: number;
  /** How long a look at a worktree (a status or diff read) keeps it watched. */
  leaseMs?: number;
}

const RUN_EVENTS = new Set(['tool-result', 'run-completed', 'run-failed', 'run-cancelled']);

/**
 * Publishes `git-status-updated` whenever a worktree's status changes: soon after an agent's tool
 * result or run end (from the event hub, without touching chat code), after Grove's own git
 * operations, and by polling for outside edits, but only while a client is connected, often for
 * worktrees someone looks at and about once a minute for the rest. Bursts are coalesced.
 */
export class GitStatusWatcher {
  /** Per worktree, the last status kept: its read's ticket (see startRead) and its JSON. */
  private readonly kept = new Map<string, { ticket: number; fingerprint: string }>();
  private lastTicket = 0;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Map<string, Promise<WorktreeGitStatus | null>>();
  private readonly followUps = new Map<string, Promise<WorktreeGitStatus | null>>();
  private readonly watchedUntil = new Map<string, number>();
  private readonly intervals: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | null = null;
  private readonly options: Required<WatcherOptions>;

  constructor(
    private readonly context: ServiceContext,
    private readonly readStatus: (worktreeId: string) => Promise<WorktreeGitStatus | null>,
    private readonly hasClients: () => boolean,
    options: WatcherOptions = {},
  ) {
    this.options = {
      watchedIntervalMs: 2_000,
      idleIntervalMs: 60_000,
      coalesceMs: 200,
      leaseMs: 10 * 60_000,
      ...options,
    };
  }

  start(): void {
    this.unsubscribe = this.context.hub.subscribe((event) => this.onEvent(event));
    const every = (ms: number, task: () => void) => {
      const timer = setInterval(() => {
        if (this.hasClients()) task();
      }, ms);
      timer.unref();
      this.intervals.push(timer);
    };
    every(this.options.watchedIntervalMs, () => {
      const now = Date.now();
      for (const [id, until] of this.watchedUntil) {
        if (until < now) this.watchedUntil.delete(id);
        else this.schedule(id);
      }
    });
    every(this.options.idleIntervalMs, () => {
      for (const worktree of this.context.store.worktrees) {
        if (worktree.archived_at === null) this.schedule(worktree.id);
      }
    });
  }

  stop(): void {
    this.unsubscribe?.();
    for (const timer of [...this.intervals, ...this.timers.values()]) clearTimeout(timer);
    this.intervals.length = 0;
    this.timers.clear();
  }

  /** Someone looks at this worktree: check it often while clients are connected. */
  watch(worktreeId: string): void {
    this.watchedUntil.set(worktreeId, Date.now() + this.options.leaseMs);
  }

  /** The status may have changed: check it soon, once for a whole burst. */
  schedule(worktreeId: string): void {
    if (this.timers.has(worktreeId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(worktreeId);
      void this.refresh(worktreeId).catch((error: unknown) => {
        this.context.log(`Grove: git status of ${worktreeId} failed: ${String(error)}`);
      });
    }, this.options.coalesceMs);
    timer.unref();
    this.timers.set(worktreeId, timer);
  }

  /** Read the status now and publish it if it changed; one read per worktree at a time. */
  refresh(worktreeId: string): Promise<WorktreeGitStatus | null> {
    const running = this.inFlight.get(worktreeId);
    if (running) {
      // A change may have landed after that read started: read once more when it ends, once
      // for however many asked in the meantime.
      let next = this.followUps.get(worktreeId);
      if (!next) {
        next = running
          .catch(() => null)
          .then(() => {
            this.followUps.delete(worktreeId);
            return this.refresh(worktreeId);
          });
        this.followUps.set(worktreeId, next);
      }
      return next;
    }
    const ticket = this.startRead();
    const read = this.readStatus(worktreeId)
      .then((status) => {
        if (status) this.remember(worktreeId, status, ticket);
        return status;
      })
      .finally(() => this.inFlight.delete(worktreeId));
    this.inFlight.set(worktreeId, read);
    return read;
  }

  /**
   * Taken just before a status read starts. Reads overlap (an API read, a refresh after a commit),
   * and one started before a change can finish after one started after it: only the status of a
   * read that started later than the one kept may replace it, so a stale read never overwrites.
   */
  startRead(): number {
    return ++this.lastTicket;
  }

  /** A status read with `ticket`: publish it if it is the newest read and differs from the last. */
  remember(worktreeId: string, status: WorktreeGitStatus, ticket: number): void {
    const last = this.kept.get(worktreeId);
    if (last && last.ticket > ticket) return;
    const fingerprint = JSON.stringify(status);
    this.kept.set(worktreeId, { ticket, fingerprint });
    if (last?.fingerprint === fingerprint) return;
    this.context.hub.publish('git-status-updated', { worktree_id: worktreeId, status });
  }

  private onEvent(event: GroveEvent): void {
    if (RUN_EVENTS.has(event.event) && 'worktree_id' in event.data) {
      this.schedule(event.data.worktree_id);
    } else if (event.event === 'worktree-deleted') {
      const id = event.data.worktree_id;
      this.kept.delete(id);
      this.watchedUntil.delete(id);
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
    }
  }
}
