/** A change the UI shows before the server has taken it. */
export interface OptimisticChange<T> {
  /** Show the change at once; returns what puts back what was shown before. */
  show(): () => void;
  /** Make it stick on the server. */
  save(): Promise<T>;
  /** The error the caller surfaces when the server refuses (in plain words, say). */
  reword?(error: unknown): unknown;
}

/**
 * Show a change at once and save it; the `*-updated` event confirms it. A refusal takes the
 * change back and rejects with the (reworded) error for the caller to show.
 */
export async function optimistic<T>(change: OptimisticChange<T>): Promise<T> {
  const rollback = change.show();
  try {
    return await change.save();
  } catch (error) {
    rollback();
    throw change.reword ? change.reword(error) : error;
  }
}
