import { attachmentEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import { drainRequest, receiveFile } from '../http/multipart.js';
import type { Services } from './services.js';

export const attachmentRoutes = ({ attachments }: Services) =>
  implement(attachmentEndpoints, {
    uploadAttachment: async ({ params, req }) => {
      try {
        return await attachments.upload(params.sessionId, await receiveFile(req));
      } catch (error) {
        drainRequest(req);
        throw error;
      }
    },
    copyAttachment: ({ params, body }) =>
      attachments.copy(params.sessionId, body.from_session_id, body.attachment_id),
    getAttachment: async ({ params, res }) => {
      const { attachment, bytes } = await attachments.read(params.sessionId, params.attachmentId);
      // Shown as an image or offered as a download, never run as a page of Grove's origin.
      res
        .status(200)
        .type(attachment.mime)
        .set(
          'Content-Disposition',
          `inline; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
        )
        .set('X-Content-Type-Options', 'nosniff')
        .end(bytes);
    },
  });
