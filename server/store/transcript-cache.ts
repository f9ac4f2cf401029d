import type { Message } from '../contract/index.js';

/**
 * The parsed transcripts of the sessions read most recently, so paging through a long history
 * does not re-read and re-parse the whole file for every page. Appends keep cached copies current.
 */
export class TranscriptCache {
  private readonly entries = new Map<string, Message[]>();
  /** Bumped by every append, so a read that raced an append is not cached stale. */
  private readonly versions = new Map<string, number>();

  constructor(private readonly capacity = 16) {}

  version(sessionId: string): number {
    return this.versions.get(sessionId) ?? 0;
  }

  get(sessionId: string): readonly Message[] | undefined {
    const messages = this.entries.get(sessionId);
    if (messages) {
      // Re-insert to mark it most recently used.
      this.entries.delete(sessionId);
      this.entries.set(sessionId, messages);
    }
    return messages;
  }

  /** Cache what a read returned, unless an append happened since `versionAtRead`. */
  remember(sessionId: string, messages: Message[], versionAtRead: number): void {
    if (this.version(sessionId) !== versionAtRead) return;
    this.entries.set(sessionId, messages);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  appended(message: Message): void {
    this.versions.set(message.session_id, this.version(message.session_id) + 1);
    this.entries.get(message.session_id)?.push(message);
  }

  /** A message was taken back out: drop the cached copy, and any read racing the change. */
  retracted(sessionId: string): void {
    this.versions.set(sessionId, this.version(sessionId) + 1);
    this.entries.delete(sessionId);
  }

  forget(sessionId: string): void {
    this.entries.delete(sessionId);
    this.versions.delete(sessionId);
  }
}
