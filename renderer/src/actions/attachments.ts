import type { Attachment, Message } from '@contract';
import { api, errorMessage } from '../api/client.js';
import { useComposerFilesStore } from '../stores/composer-files.js';

let nextKey = 0;

/**
 * A chip for `name` in the session's box at once (uploading, so Send waits), given its
 * attachment once `stored` resolves, or dropped with the reason when that fails.
 */
export function attachOne(
  sessionId: string,
  name: string,
  stored: Promise<Attachment>,
  onError: (message: string) => void,
): void {
  const { change } = useComposerFilesStore.getState();
  const key = nextKey++;
  change(sessionId, (list) => [...list, { key, name, attachment: null }]);
  // The session may be gone by the time the file is stored: its box is not made again.
  const stillThere = () => useComposerFilesStore.getState().bySession[sessionId] !== undefined;
  stored
    .then((attachment) => {
      if (!stillThere()) return;
      change(sessionId, (list) =>
        list.map((item) => (item.key === key ? { ...item, attachment } : item)),
      );
    })
    .catch((failure: unknown) => {
      if (!stillThere()) return;
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
    const uploaded = api.upload(['uploadAttachment', { sessionId }], file);
    attachOne(sessionId, file.name || 'pasted image', uploaded, onError);
  }
}

/**
 * Put the files sent with `message` into another session's box, as "Edit and resend" puts back
 * its text: files belong to their session, so the server copies each into `sessionId`.
 */
export function reattachFiles(
  message: Message,
  sessionId: string,
  onError: (message: string) => void,
): void {
  for (const attachment of message.attachments ?? []) {
    const copied = api.call(
      'copyAttachment',
      { sessionId },
      { from_session_id: message.session_id, attachment_id: attachment.id },
    );
    attachOne(sessionId, attachment.name, copied, onError);
  }
}
