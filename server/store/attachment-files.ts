import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable, Transform } from 'node:stream';
import { Attachment } from '../contract/attachments.js';
import {
  copyFileDurably,
  StorageWriteError,
  syncDirectory,
  writeFileAtomic,
} from './durable-file.js';
import { realFiles, type FileLayer } from './file-layer.js';

/**
 * The files attached to a session's messages, private to Grove (0700 folder, 0600 files):
 * `attachments/<session>/<id>` holds the bytes and `<id>.json` what the client sees of it.
 * The whole folder goes with the session. A file is durable before it is acknowledged, since a
 * message (fsynced) names it next; its description is written last, so it is never found half.
 * A failed disk call is a StorageWriteError, which the API answers as 507 or 503.
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
   * Stream an upload through `check` (which may fail it: too large, wrong type) to a partial
   * file, then keep it under its id. A failed upload leaves no file behind.
   */
  async write(sessionId: string, id: string, source: Readable, check: Transform): Promise<void> {
    await this.keep(sessionId, id, async (partial) => {
      const handle = await onDisk(partial, () => this.files.open(partial, 'w', 0o600));
      try {
        await pipeline(source, check, async (checked: AsyncIterable<Buffer>) => {
          for await (const chunk of checked) await onDisk(partial, () => handle.appendFile(chunk));
        });
        await onDisk(partial, () => handle.sync());
      } finally {
        await handle.close();
      }
    });
  }

  async saveMeta(sessionId: string, attachment: Attachment): Promise<void> {
    const file = `${this.pathOf(sessionId, attachment.id)}.json`;
    await onDisk(file, () =>
      writeFileAtomic(file, JSON.stringify(attachment), { mode: 0o600, files: this.files }),
    );
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

  /**
   * Another session keeps the file (a fork, an edit resent into one), under the same id. A
   * session that holds it already keeps what it has.
   */
  async copy(fromSession: string, toSession: string, attachment: Attachment): Promise<void> {
    if (await this.readMeta(toSession, attachment.id)) return;
    const source = this.pathOf(fromSession, attachment.id);
    await this.keep(toSession, attachment.id, (partial) =>
      onDisk(partial, () => copyFileDurably(source, partial, this.files)),
    );
    await this.saveMeta(toSession, attachment);
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.files.rm(this.dirOf(sessionId), { recursive: true, force: true });
  }

  /**
   * Write the bytes of `id` to a partial file of its own (`fill` syncs it) and put it in place.
   * The session's folder is synced with the description written next; the folders above it
   * here, when new.
   */
  private async keep(
    sessionId: string,
    id: string,
    fill: (partial: string) => Promise<void>,
  ): Promise<void> {
    const dir = this.dirOf(sessionId);
    const file = this.pathOf(sessionId, id);
    const created = await onDisk(dir, () =>
      this.files.mkdir(dir, { recursive: true, mode: 0o700 }),
    );
    // Its own name: two copies of one file into one session must not write the same partial.
    const partial = `${file}.${randomBytes(6).toString('hex')}.part`;
    try {
      await fill(partial);
      await onDisk(file, () => this.files.rename(partial, file));
    } catch (error) {
      await this.files.rm(partial, { force: true });
      throw error;
    }
    await onDisk(dir, async () => {
      if (created !== undefined) await syncDirectory(this.root, this.files);
      // The first attachment of all makes the root itself.
      if (created === this.root) await syncDirectory(path.dirname(this.root), this.files);
    });
  }
}

/** Run a disk call; its failure is a StorageWriteError naming `file`. */
async function onDisk<T>(file: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof StorageWriteError ? error : new StorageWriteError(file, error);
  }
}
