/** What a group commit writes, and how a failed write is undone in memory. */
export interface CommitTarget {
  /** Save what memory holds now. */
  write(): Promise<void>;
  /** A write failed: put memory back as the last successful write left it; the error to report. */
  rollBack(error: unknown): Error;
  log: (line: string) => void;
}

/**
 * Writes of one file, one at a time, with group commit: a commit that arrives while a write is in
 * flight joins the next write, so a burst of changes costs one write, not one each.
 *
 * Memory is never left ahead of the disk. When a write fails, memory goes back as the last
 * successful write left it, and every commit whose change that wiped fails with the error. That
 * includes changes waiting for the next write, which a later successful write must not report
 * as saved.
 */
export class GroupCommit {
  /** The next write, not started yet: later commits join it. Resolves with its generation. */
  private pending: Promise<number> | null = null;
  private tail: Promise<void> = Promise.resolve();
  /** Bumped by every failed write; a change made in an earlier generation is gone from memory. */
  private generation = 0;
  private lastFailure: Error | null = null;

  constructor(private readonly target: CommitTarget) {}

  /** Resolves once the in-memory changes made so far are on disk; rejects if they were undone. */
  commit(): Promise<void> {
    const changedIn = this.generation;
    return (this.pending ?? this.scheduleWrite()).then((writtenIn) => {
      // A failed write rolled memory back after this change and before this write began.
      if (writtenIn !== changedIn && this.lastFailure) throw this.lastFailure;
    });
  }

  /** Resolves when every commit requested so far has settled (on disk, or rolled back). */
  flushed(): Promise<void> {
    return this.tail;
  }

  /** Run `task` after every write and task queued before it, whether they succeeded or not. */
  queue<R>(task: () => Promise<R>): Promise<R> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private scheduleWrite(): Promise<number> {
    const write = this.queue(() => this.writeNow());
    this.pending = write;
    return write;
  }

  private async writeNow(): Promise<number> {
    this.pending = null;
    const generation = this.generation;
    try {
      await this.target.write();
    } catch (error) {
      // In one step: a change made from here on (even by the log line's reader) is a new one.
      const failure = this.target.rollBack(error);
      this.generation += 1;
      this.lastFailure = failure;
      this.target.log(
        `Grove store: ${failure.message}; the unsaved changes were undone in memory too.`,
      );
      throw failure;
    }
    return generation;
  }
}
