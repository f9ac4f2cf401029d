import { z } from 'zod';
import { Id } from './common.js';

/** What one file, and one message's files together, may weigh. */
export const ATTACHMENT_LIMITS = {
  fileBytes: 10 * 1024 * 1024,
  messageBytes: 20 * 1024 * 1024,
  perMessage: 10,
  nameLength: 200,
} as const;

/** Images every CLI passes to its model as an image. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
/** Text files go to the model as their text; any other type is refused. */
export const TEXT_TYPE = 'text/plain';

export const AttachmentMime = z.enum([...IMAGE_TYPES, TEXT_TYPE]);
export type AttachmentMime = z.infer<typeof AttachmentMime>;

export const Attachment = z
  .object({
    id: Id,
    name: z.string().min(1).max(ATTACHMENT_LIMITS.nameLength),
    mime: AttachmentMime,
    size: z.number().int().nonnegative(),
  })
  .meta({ id: 'Attachment' });
export type Attachment = z.infer<typeof Attachment>;

export function isImage(mime: AttachmentMime): boolean {
  return mime !== TEXT_TYPE;
}

/** A message's attachment ids, as uploaded to its session before it is sent. */
export const AttachmentIds = z
  .array(Id)
  .max(ATTACHMENT_LIMITS.perMessage, `at most ${ATTACHMENT_LIMITS.perMessage} files per message`)
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an attachment');

/** One session's attachment, to be copied into another (see `copyAttachment`). */
export const CopyAttachment = z.strictObject({ from_session_id: Id, attachment_id: Id }).meta({
  id: 'CopyAttachment',
  description: 'from_session_id: the session that holds the file; attachment_id: its id there.',
});
export type CopyAttachment = z.infer<typeof CopyAttachment>;
