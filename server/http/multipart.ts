import busboy from 'busboy';
import type { Request } from 'express';
import { ATTACHMENT_LIMITS } from '../contract/attachments.js';
import { GroveError } from '../errors.js';
import type { IncomingFile } from '../services/attachments.js';

/**
 * The one file of a `multipart/form-data` upload (field `file`), as a stream the caller must
 * consume. busboy stops reading a file one byte past the limit, so the service sees it is over.
 */
export function receiveFile(req: Request): Promise<IncomingFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: ATTACHMENT_LIMITS.fileBytes + 1, fields: 0 },
      });
    } catch {
      reject(
        new GroveError(
          'unsupported-media-type',
          'Send the file as "multipart/form-data" in a field named "file".',
        ),
      );
      return;
    }
    let received = false;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || received) {
        stream.resume();
        return;
      }
      received = true;
      resolve({ name: info.filename || 'file', stream });
    });
    parser.on('error', (error: Error) => reject(new GroveError('invalid-request', error.message)));
    parser.on('close', () => {
      if (!received) {
        reject(
          new GroveError(
            'invalid-request',
            'The upload has no file in a field named "file".',
            'file',
          ),
        );
      }
    });
    req.pipe(parser);
  });
}

/** After a refused upload, read the rest of it, so the client gets the answer, not a reset. */
export function drainRequest(req: Request): void {
  req.unpipe();
  req.resume();
}
