import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable, Transform } from 'node:stream';
import { Attachment } from '../contract/attachments.js';
import { syncDirectory, writeFileAtomic } from './durable-file.js';
import { realFiles, type FileLayer } from './file-layer.js';

/**
 * The files attached to a session's messages, private to Grove (0700 folder, 0600 files):
 * `attachments/<session>/<id>` holds the bytes and `<id>.json` what the client sees of it.
 * The whole folder goes with the session. A file is durable before it is acknowledged, since a
 * message (fsynced) names it next; its description is written last, so it is never found half.
 */
export class AttachmentFiles {
  constructor(
    private readonly root: string,
    private readonly files: FileLayer = realFiles,
  ) {}

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
    await this.keep(sessionId, id, async (partial) => {
      const handle = await this.files.open(partial, 'w', 0o600);
      try {
        await pipeline(source, check, async (checked: AsyncIterable<Buffer>) => {
          for await (const chunk of checked) await handle.appendFile(chunk);
        });
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }

  async saveMeta(sessionId: string, attachment: Attachment): Promise<void> {
    const file = `${this.pathOf(sessionId, attachment.id)}.json`;
    await writeFileAtomic(file, JSON.stringify(attachment), { mode: 0o600, files: this.files });
  }

  /** The attachment's description, or null when the session has no such file. */
  async readMeta(sessionId: string, id: string): Promise<Attachment | null> {
    const file = `${this.pathOf(sessionId, id)}.json`;
    const text = await this.files.readFile(file).catch(() => null);
    if (text === null) return null;
    const parsed = Attachment.safeParse(JSON.parse(text.toString('utf8')));
    return parsed.success ? parsed.data : null;
  }

  readBytes(sessionId: string, id: string): Promise<Buffer> {
    return this.files.readFile(this.pathOf(sessionId, id));
  }

  /** Another session keeps the file (a fork, an edit resent into one), under the same id. */
  async copy(fromSession: string, toSession: string, attachment: Attachment): Promise<void> {
    await this.keep(toSession, attachment.id, async (partial) => {
      await this.files.copyFile(this.pathOf(fromSession, attachment.id), partial);
      const handle = await this.files.open(partial, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    await this.saveMeta(toSession, attachment);
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.files.rm(this.dirOf(sessionId), { recursive: true, force: true });
  }

  /**
   * Write the bytes of `id` to a partial file (`fill` syncs it) and put it in place. The session's
   * folder is synced with the description written next; the folders above it here, when new.
   */
  private async keep(
    sessionId: string,
    id: string,
    fill: (partial: string) => Promise<void>,
  ): Promise<void> {
    const dir = this.dirOf(sessionId);
    const created = await this.files.mkdir(dir, { recursive: true, mode: 0o700 });
    const partial = `${this.pathOf(sessionId, id)}.part`;
    try {
      await fill(partial);
      await this.files.rename(partial, this.pathOf(sessionId, id));
    } catch (error) {
      await this.files.rm(partial, { force: true });
      throw error;
    }
    if (created !== undefined) await syncDirectory(this.root, this.files);
    // The first attachment of all makes the root itself.
    if (created === this.root) await syncDirectory(path.dirname(this.root), this.files);
  }
}
