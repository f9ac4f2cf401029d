import { ATTACHMENT_LIMITS, Attachment, CopyAttachment } from '../attachments.js';
import { defineEndpoints } from './define.js';

const tag = 'Attachments';
const MB = 1024 * 1024;

/** Files attached to a session's messages: uploaded first, then sent by id with a message. */
export const attachmentEndpoints = defineEndpoints({
  uploadAttachment: {
    method: 'post',
    path: '/api/sessions/:sessionId/attachments',
    tag,
    summary: `Upload a file to attach to a message (multipart/form-data, field "file"): an image (PNG, JPEG, GIF, WebP) or a UTF-8 text file, at most ${ATTACHMENT_LIMITS.fileBytes / MB} MB; the type is read from the bytes`,
    upload: true,
    response: Attachment,
    status: 201,
    errors: ['not-found', 'attachment-too-large', 'attachment-type-not-allowed'],
  },
  copyAttachment: {
    method: 'post',
    path: '/api/sessions/:sessionId/attachments/copy',
    tag,
    summary:
      'Attach a file another session holds, without sending its bytes again ("Edit and resend" into a fork): the copy keeps its id, name and type',
    body: CopyAttachment,
    response: Attachment,
    status: 201,
    errors: ['not-found'],
  },
  getAttachment: {
    method: 'get',
    path: '/api/sessions/:sessionId/attachments/:attachmentId',
    tag,
    summary: "An attached file's bytes, with its type",
    binary: true,
    errors: ['not-found'],
  },
});
