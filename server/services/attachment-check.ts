import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import {
  ATTACHMENT_LIMITS,
  TEXT_TYPE,
  type AttachmentMime,
  type IMAGE_TYPES,
} from '../contract/attachments.js';
import { GroveError } from '../errors.js';

type ImageType = (typeof IMAGE_TYPES)[number];

/** Each accepted image type by its first bytes: the bytes decide, never the name or the client. */
const SIGNATURES: { mime: ImageType; matches: (head: Buffer) => boolean }[] = [
  { mime: 'image/png', matches: (head) => head.subarray(0, 8).equals(PNG) },
  {
    mime: 'image/jpeg',
    matches: (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff,
  },
  {
    mime: 'image/gif',
    matches: (head) => /^GIF8[79]a/.test(head.subarray(0, 6).toString('latin1')),
  },
  {
    mime: 'image/webp',
    matches: (head) =>
      head.subarray(0, 4).toString('latin1') === 'RIFF' &&
      head.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const HEAD_BYTES = 12;

export const TYPE_MESSAGE =
  'Attach an image (PNG, JPEG, GIF or WebP) or a text file (UTF-8); other files are not passed to agents.';

/**
 * Passes an upload through while it is written, and fails it as soon as it is too large or
 * cannot be an accepted type. `mime` is known once the stream has ended.
 */
export class AttachmentCheck extends Transform {
  size = 0;
  private head = Buffer.alloc(0);
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private couldBeText = true;
  mime: AttachmentMime | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > ATTACHMENT_LIMITS.fileBytes) {
      done(
        new GroveError(
          'attachment-too-large',
          `A file may be at most ${megabytes(ATTACHMENT_LIMITS.fileBytes)}.`,
        ),
      );
      return;
    }
    if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, chunk]);
    if (this.couldBeText) this.couldBeText = isTextChunk(this.decoder, chunk, false);
    if (this.head.length >= HEAD_BYTES && !this.couldBeText && !imageType(this.head)) {
      done(new GroveError('attachment-type-not-allowed', TYPE_MESSAGE));
      return;
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const textEnds = this.couldBeText && isTextChunk(this.decoder, new Uint8Array(0), true);
    this.mime = imageType(this.head) ?? (textEnds ? TEXT_TYPE : null);
    done(this.mime ? null : new GroveError('attachment-type-not-allowed', TYPE_MESSAGE));
  }
}

function imageType(head: Buffer): ImageType | null {
  return SIGNATURES.find((signature) => signature.matches(head))?.mime ?? null;
}

/** Valid UTF-8 without NUL: NUL is valid UTF-8 but never in a text file. */
function isTextChunk(decoder: TextDecoder, chunk: Uint8Array, last: boolean): boolean {
  if (chunk.includes(0)) return false;
  try {
    decoder.decode(chunk, { stream: !last });
    return true;
  } catch {
    return false;
  }
}

export function megabytes(bytes: number): string {
  return `${bytes / (1024 * 1024)} MB`;
}
