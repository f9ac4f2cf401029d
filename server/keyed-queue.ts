/**
 * Tasks run one at a time per key (a file, a project), in the order they were queued; different
 * keys run side by side. A task runs whether the one before it succeeded or failed. A key is
 * forgotten once its last task settles, so a long-lived process does not keep one entry for
 * every file or project it ever touched.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<R>(key: string, task: () => Promise<R>): Promise<R> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** How many keys have a task queued or running. */
  get pendingKeys(): number {
    return this.tails.size;
  }
}
