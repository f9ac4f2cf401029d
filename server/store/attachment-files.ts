import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable, Transform } from 'node:stream';
import { Attachment } from '../contract/attachments.js';

/**
 * The files attached to a session's messages, private to Grove (0700 folder, 0600 files):
 * `attachments/<session>/<id>` holds the bytes and `<id>.json` what the client sees of it.
 * The whole folder goes with the session.
 */
export class AttachmentFiles {
  constructor(private readonly root: string) {}

  dirOf(sessionId: string): string {
    return path.join(this.root, sessionId);
  }

  pathOf(sessionId: string, id: string): string {
    return path.join(this.dirOf(sessionId), id);
  }

  /**
   * Stream an upload to `<id>.part` through `check` (which may fail it: too large, wrong type),
   * then keep it under its id. Nothing of a failed upload is left behind.
   */
  async write(sessionId: string, id: string, source: Readable, check: Transform): Promise<void> {
    await fs.mkdir(this.dirOf(sessionId), { recursive: true, mode: 0o700 });
    const partial = `${this.pathOf(sessionId, id)}.part`;
    try {
      await pipeline(source, check, createWriteStream(partial, { mode: 0o600 }));
      await fs.rename(partial, this.pathOf(sessionId, id));
    } catch (error) {
      await fs.rm(partial, { force: true });
      throw error;
    }
  }

  async saveMeta(sessionId: string, attachment: Attachment): Promise<void> {
    const file = `${this.pathOf(sessionId, attachment.id)}.json`;
    await fs.writeFile(file, JSON.stringify(attachment), { mode: 0o600 });
  }

  /** The attachment's description, or null when the session has no such file. */
  async readMeta(sessionId: string, id: string): Promise<Attachment | null> {
    const text = await fs.readFile(`${this.pathOf(sessionId, id)}.json`, 'utf8').catch(() => null);
    if (text === null) return null;
    const parsed = Attachment.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  }

  readBytes(sessionId: string, id: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(sessionId, id));
  }

  /** A fork keeps the files its copied messages show. */
  async copy(fromSession: string, toSession: string, id: string): Promise<void> {
    await fs.mkdir(this.dirOf(toSession), { recursive: true, mode: 0o700 });
    for (const suffix of ['', '.json']) {
      await fs.copyFile(
        `${this.pathOf(fromSession, id)}${suffix}`,
        `${this.pathOf(toSession, id)}${suffix}`,
      );
    }
  }

  async removeSession(sessionId: string): Promise<void> {
    await fs.rm(this.dirOf(sessionId), { recursive: true, force: true });
  }
}
