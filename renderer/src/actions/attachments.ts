import type { Attachment, Message } from '@contract';
import { api, errorMessage } from '../api/client.js';
import { useComposerFilesStore } from '../stores/composer-files.js';
import { useSessionsStore } from '../stores/sessions.js';

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
  stored
    .then((attachment) =>
      change(sessionId, (list) =>
        list.map((item) => (item.key === key ? { ...item, attachment } : item)),
      ),
    )
    .catch((failure: unknown) => {
      // A session deleted meanwhile has no box left to say it in.
      if (!useSessionsStore.getState().byId[sessionId]) return;
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
    attachOne(sessionId, file.name || 'Pasted image', uploaded, onError);
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
    // Back into its own session's box (the first message of a long one): it holds the file.
    const copied =
      message.session_id === sessionId
        ? Promise.resolve(attachment)
        : api.call(
            'copyAttachment',
            { sessionId },
            { from_session_id: message.session_id, attachment_id: attachment.id },
          );
    attachOne(sessionId, attachment.name, copied, onError);
  }
}
