import { useCallback, useRef } from 'react';
import { attachFiles } from '../../actions/attachments.js';
import { useComposerFilesStore, type PendingFile } from '../../stores/composer-files.js';
import { Icon } from '../common/Icon.js';

const NONE: PendingFile[] = [];

/** The files attached to the message being written in `sessionId`'s box (see attachFiles). */
export function useComposerAttachments(sessionId: string, onError: (message: string) => void) {
  const pending = useComposerFilesStore((state) => state.bySession[sessionId]) ?? NONE;
  const change = useComposerFilesStore((state) => state.change);
  const add = useCallback(
    (files: Iterable<File>) => attachFiles(sessionId, files, onError),
    [sessionId, onError],
  );

  return {
    pending,
    add,
    uploading: pending.some((item) => item.attachment === null),
    remove: (key: number) => change(sessionId, (list) => list.filter((item) => item.key !== key)),
    ready: pending.some((item) => item.attachment !== null),
    /**
     * The ids to send, and the list cleared for the next message; `restore` puts the files back
     * (before any attached since) when the send fails, as the text comes back to the box.
     */
    take: (): { ids: string[]; restore: () => void } => {
      const taken = pending.filter((item) => item.attachment !== null);
      change(sessionId, () => []);
      return {
        ids: taken.flatMap((item) => (item.attachment ? [item.attachment.id] : [])),
        restore: () => change(sessionId, (list) => [...taken, ...list]),
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
