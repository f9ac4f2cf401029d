import type { Attachment } from '@contract';
import { useCallback, useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client.js';
import { Icon } from '../common/Icon.js';

/** A file being uploaded (no attachment yet) or ready to go with the next message. */
interface Pending {
  key: number;
  name: string;
  attachment: Attachment | null;
}

/**
 * Files attached to the message being written: each is uploaded to the session as soon as it is
 * pasted, dropped or picked, so Send only names them. An upload the server refuses (too large,
 * not an image or text) is reported and dropped.
 */
export function useComposerAttachments(sessionId: string, onError: (message: string) => void) {
  // Kept per session: switching tabs keeps each session's files with its draft.
  const [bySession, setBySession] = useState<Record<string, Pending[]>>({});
  const pending = bySession[sessionId] ?? [];
  const setPending = useCallback(
    (change: (list: Pending[]) => Pending[]) =>
      setBySession((all) => ({ ...all, [sessionId]: change(all[sessionId] ?? []) })),
    [sessionId],
  );
  const nextKey = useRef(0);

  const add = useCallback(
    (files: Iterable<File>) => {
      for (const file of files) {
        const key = nextKey.current++;
        setPending((list) => [
          ...list,
          { key, name: file.name || 'pasted image', attachment: null },
        ]);
        api
          .upload(['uploadAttachment', { sessionId }], file)
          .then((attachment) =>
            setPending((list) =>
              list.map((item) => (item.key === key ? { ...item, attachment } : item)),
            ),
          )
          .catch((failure: unknown) => {
            setPending((list) => list.filter((item) => item.key !== key));
            onError(`${file.name || 'The pasted image'}: ${errorMessage(failure)}`);
          });
      }
    },
    [sessionId, setPending, onError],
  );

  return {
    pending,
    add,
    uploading: pending.some((item) => item.attachment === null),
    remove: (key: number) => setPending((list) => list.filter((item) => item.key !== key)),
    ready: pending.some((item) => item.attachment !== null),
    /**
     * The ids to send, and the list cleared for the next message; `restore` puts the files back
     * (before any attached since) when the send fails, as the text comes back to the box.
     */
    take: (): { ids: string[]; restore: () => void } => {
      const taken = pending.filter((item) => item.attachment !== null);
      setPending(() => []);
      return {
        ids: taken.flatMap((item) => (item.attachment ? [item.attachment.id] : [])),
        restore: () => setPending((list) => [...taken, ...list]),
      };
    },
  };
}

export type ComposerAttachmentsState = ReturnType<typeof useComposerAttachments>;

/** The attach button with its hidden file picker. */
export function AttachButton({ state }: { state: ComposerAttachmentsState }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-label="Attach files"
        title="Attach images or text files (or paste or drop them)"
        onClick={() => input.current?.click()}
      >
        <Icon name="paperclip" size={14} />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Files to attach"
        accept="image/png,image/jpeg,image/gif,image/webp,text/*,.md,.json,.ts,.tsx,.js,.py,.log,.csv,.yaml,.yml,.toml"
        onChange={(event) => {
          state.add(Array.from(event.currentTarget.files ?? []));
          event.currentTarget.value = '';
        }}
      />
    </>
  );
}

/** The chips of the files going with the next message. */
export function AttachmentChips({ state }: { state: ComposerAttachmentsState }) {
  if (state.pending.length === 0) return null;
  return (
    <ul className="attachment-chips" aria-label="Files to send">
      {state.pending.map((item) => (
        <li
          key={item.key}
          className="attachment-chip"
          aria-busy={item.attachment === null || undefined}
        >
          <Icon name="file" size={12} />
          <span className="attachment-name">{item.name}</span>
          {item.attachment === null ? <span className="muted">uploading…</span> : null}
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${item.name}`}
            onClick={() => state.remove(item.key)}
          >
            <Icon name="close" size={10} />
          </button>
        </li>
      ))}
    </ul>
  );
}
