import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ATTACHMENT_LIMITS, type Attachment } from '../contract/attachments.js';
import { GroveError, notFound } from '../errors.js';
import { StorageWriteError } from '../store/durable-file.js';
import { AttachmentCheck, megabytes } from './attachment-check.js';
import type { ServiceContext } from './context.js';
import type { SessionsService } from './sessions.js';

/** An uploaded file as it arrives: the name the client gave and its bytes. */
export interface IncomingFile {
  name: string;
  stream: Readable;
}

/**
 * Files attached to messages: checked (type from the bytes, size) as they are written to the
 * session's private folder, then referenced by id from the message that sends them.
 */
export class AttachmentsService {
  constructor(
    private readonly context: ServiceContext,
    private readonly sessions: SessionsService,
  ) {}

  async upload(sessionId: string, file: IncomingFile): Promise<Attachment> {
    this.sessions.get(sessionId);
    const id = randomUUID();
    const check = new AttachmentCheck();
    await this.files.write(sessionId, id, file.stream, check);
    if (!check.mime) throw new Error('an accepted upload always has a type');
    const attachment: Attachment = {
      id,
      name: displayName(file.name),
      mime: check.mime,
      size: check.size,
    };
    await this.files.saveMeta(sessionId, attachment);
    return attachment;
  }

  /** Copy `fromSessionId`'s file `id` into `sessionId`, under the same id. */
  async copy(sessionId: string, fromSessionId: string, id: string): Promise<Attachment> {
    this.sessions.get(sessionId);
    const attachment = await this.get(fromSessionId, id);
    await this.files.copy(fromSessionId, sessionId, attachment).catch((error: unknown) => {
      // The source went (its session deleted) between the look and the copy.
      if (error instanceof StorageWriteError && error.code === 'ENOENT') {
        throw notFound('attachment', id);
      }
      throw error;
    });
    return attachment;
  }

  async get(sessionId: string, id: string): Promise<Attachment> {
    this.sessions.get(sessionId);
    const attachment = await this.files.readMeta(sessionId, id);
    if (!attachment) throw notFound('attachment', id);
    return attachment;
  }

  async read(sessionId: string, id: string): Promise<{ attachment: Attachment; bytes: Buffer }> {
    const attachment = await this.get(sessionId, id);
    return { attachment, bytes: await this.files.readBytes(sessionId, id) };
  }

  /** A message's attachments, by the ids it was sent with; refused over the message's limit. */
  async forMessage(sessionId: string, ids: readonly string[]): Promise<Attachment[]> {
    const attachments = await Promise.all(ids.map((id) => this.get(sessionId, id)));
    const total = attachments.reduce((sum, attachment) => sum + attachment.size, 0);
    if (total > ATTACHMENT_LIMITS.messageBytes) {
      throw new GroveError(
        'attachment-too-large',
        `A message's files may weigh at most ${megabytes(ATTACHMENT_LIMITS.messageBytes)} together.`,
        'attachments',
      );
    }
    return attachments;
  }

  private get files() {
    return this.context.store.attachments;
  }
}

/** The last segment of the client's name, visible characters only, never empty. */
function displayName(name: string): string {
  const base = path.basename(name.replaceAll('\\', '/'));
  const visible = base.replace(/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '').trim();
  return visible.slice(0, ATTACHMENT_LIMITS.nameLength) || 'file';
}
