import type { Message } from '@contract';
import { api, errorMessage } from '../api/client.js';
import { useComposerFilesStore } from '../stores/composer-files.js';

let nextKey = 0;

/**
 * A chip for `name` in the session's box at once (uploading, so Send waits), given its
 * attachment once `file` is uploaded, or dropped with the reason when that fails.
 */
function attachOne(
  sessionId: string,
  name: string,
  file: Promise<File>,
  onError: (message: string) => void,
): void {
  const change = useComposerFilesStore.getState().change;
  const key = nextKey++;
  change(sessionId, (list) => [...list, { key, name, attachment: null }]);
  file
    .then((ready) => api.upload(['uploadAttachment', { sessionId }], ready))
    .then((attachment) =>
      change(sessionId, (list) =>
        list.map((item) => (item.key === key ? { ...item, attachment } : item)),
      ),
    )
    .catch((failure: unknown) => {
      change(sessionId, (list) => list.filter((item) => item.key !== key));
      onError(`${name}: ${errorMessage(failure)}`);
    });
}

/**
 * Attach files to a session's next message: each is uploaded as soon as it is pasted, dropped or
 * picked, so Send only names them. An upload the server refuses (too large, not an image or
 * text) is reported and dropped.
 */
export function attachFiles(
  sessionId: string,
  files: Iterable<File>,
  onError: (message: string) => void,
): void {
  for (const file of files) {
    attachOne(sessionId, file.name || 'pasted image', Promise.resolve(file), onError);
  }
}

/**
 * Put the files sent with `message` into another session's box, as "Edit and resend" puts back
 * its text: files belong to their session, so each is fetched and uploaded to `sessionId` anew.
 */
export function reattachFiles(
  message: Message,
  sessionId: string,
  onError: (message: string) => void,
): void {
  for (const attachment of message.attachments ?? []) {
    const ids = { sessionId: message.session_id, attachmentId: attachment.id };
    const file = api
      .bytes(['getAttachment', ids])
      .then((bytes) => new File([bytes], attachment.name, { type: attachment.mime }));
    attachOne(sessionId, attachment.name, file, onError);
  }
}
