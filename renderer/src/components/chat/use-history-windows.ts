import { useEffect } from 'react';
import { holeIn, type MessageBucket } from '../../lib/message-bucket.js';
import { loadWindow, PAGE_SIZE } from '../../stores/messages.js';

/** How long the view must rest on messages not loaded before their window is fetched. */
const SETTLE_MS = 80;

/**
 * Fetch the window of history the view rests on when part of it is not loaded: one request
 * wherever the view lands (Home, a scrollbar drag, the wheel), none for the positions a drag
 * only passed over on the way.
 */
export function useHistoryWindows(
  sessionId: string,
  bucket: MessageBucket,
  /** The first and last index rendered (overscan included). */
  first: number,
  last: number,
): void {
  useEffect(() => {
    if (bucket.phase !== 'ready' || holeIn(bucket, first, last) === null) return;
    const timer = setTimeout(() => {
      const middle = Math.floor((first + last) / 2);
      void loadWindow(sessionId, middle - PAGE_SIZE / 2);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [sessionId, bucket, first, last]);
}
