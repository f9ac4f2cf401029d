import type { Message } from '@contract';
import { api, errorMessage } from '../api/client.js';
import { useComposerFilesStore } from '../stores/composer-files.js';

let nextKey = 0;

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
  const change = useComposerFilesStore.getState().change;
  for (const file of files) {
    const key = nextKey++;
    const name = file.name || 'pasted image';
    change(sessionId, (list) => [...list, { key, name, attachment: null }]);
    api
      .upload(['uploadAttachment', { sessionId }], file)
      .then((attachment) =>
        change(sessionId, (list) =>
          list.map((item) => (item.key === key ? { ...item, attachment } : item)),
        ),
      )
      .catch((failure: unknown) => {
        change(sessionId, (list) => list.filter((item) => item.key !== key));
        onError(`${file.name || 'The pasted image'}: ${errorMessage(failure)}`);
      });
  }
}

/**
 * Put the files sent with `message` into another session's box, as "Edit and resend" puts back
 * its text: files belong to their session, so each is fetched and uploaded to `sessionId` anew.
 */
export async function reattachFiles(
  message: Message,
  sessionId: string,
  onError: (message: string) => void,
): Promise<void> {
  const files = await Promise.all(
    (message.attachments ?? []).map(async (attachment) => {
      const ids = { sessionId: message.session_id, attachmentId: attachment.id };
      const bytes = await api.bytes(['getAttachment', ids]);
      return new File([bytes], attachment.name, { type: attachment.mime });
    }),
  );
  attachFiles(sessionId, files, onError);
}
