import type { IPty } from 'node-pty';

/**
 * Typed input a terminal holds for its program, beyond which clients must stop sending until it
 * drains: twice the largest paste a socket may send in one frame.
 */
export const INPUT_BACKLOG_CAP_BYTES = 2 * 1024 * 1024;
/** Sending resumes once the backlog is down to this. */
export const INPUT_RESUME_BYTES = 256 * 1024;

interface QueuedWrite {
  buffer: Buffer;
  offset: number;
}

/**
 * The bytes written to the PTY that its kernel buffer has not taken yet. node-pty queues them
 * without bound and without saying (a program that never reads stdin, a flood of input), and
 * offers no drain event, so this reads its queue (node-pty is pinned; the torture suite's flood
 * test fails if the queue moves). A Windows ConPTY has no such queue: 0.
 */
export function pendingInputBytes(pty: IPty): number {
  const queue = (pty as unknown as { _writeStream?: { _writeQueue?: unknown } })._writeStream
    ?._writeQueue;
  if (!Array.isArray(queue)) return 0;
  return (queue as QueuedWrite[]).reduce((sum, task) => sum + task.buffer.length - task.offset, 0);
}
