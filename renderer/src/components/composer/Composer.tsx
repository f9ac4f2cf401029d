import type { Session } from '@contract';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { cancelRun, sendInOrder } from '../../actions/chat.js';
import { updateSession } from '../../actions/sessions.js';
import { errorMessage } from '../../api/client.js';
import { MODE_LABELS, nextMode } from '../../lib/format.js';
import { isBusy } from '../../lib/session-status.js';
import { useUiStore } from '../../stores/ui.js';
import { Icon } from '../common/Icon.js';
import { toast } from '../common/Toast.js';
import { AttachButton, AttachmentChips, useComposerAttachments } from './ComposerAttachments.js';
import { MentionList, useMentionPicker } from './MentionPicker.js';
import { SessionPickers } from './SessionPickers.js';

/**
 * The message box. Enter sends, Shift+Enter starts a new line, Shift+Tab cycles the mode.
 * While a run is going, Send queues the message and Cancel (or Escape) stops the run. `@` mentions
 * a file; images and text files can be pasted, dropped or picked.
 */
export function Composer({ session }: { session: Session }) {
  const draft = useUiStore((s) => s.drafts[session.id] ?? '');
  const setDraft = useUiStore((s) => s.setDraft);
  const focusRequest = useUiStore((s) => s.composerFocusRequest);
  const ref = useRef<HTMLTextAreaElement>(null);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = isBusy(session);
  const attachments = useComposerAttachments(session.id, setError);
  /** Where the caret goes once React has put a picked mention into the textarea. */
  const pendingCaret = useRef<number | null>(null);
  const mentions = useMentionPicker(session.worktree_id, (text, caret) => {
    pendingCaret.current = caret;
    setDraft(session.id, text);
  });

  useLayoutEffect(() => {
    const caret = pendingCaret.current;
    if (caret === null || !ref.current) return;
    pendingCaret.current = null;
    ref.current.setSelectionRange(caret, caret);
  }, [draft]);

  useEffect(() => {
    ref.current?.focus();
  }, [focusRequest, session.id]);

  const send = () => {
    const content = draft.trim();
    if ((!content && !attachments.ready) || attachments.uploading) return;
    setError(null);
    const files = attachments.take();
    sendInOrder(session.id, content, files.ids).catch((failure: unknown) => {
      files.restore();
      setError(errorMessage(failure));
    });
  };

  const cancel = () => {
    setCancelling(true);
    cancelRun(session.id)
      .catch(toast.error)
      .finally(() => setCancelling(false));
  };

  return (
    <form
      className={`composer mode-${session.execution_mode}`}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={(event) => {
        if (event.dataTransfer.files.length === 0) return;
        event.preventDefault();
        attachments.add(Array.from(event.dataTransfer.files));
      }}
    >
      <MentionList state={mentions} />
      <AttachmentChips state={attachments} />
      <textarea
        ref={ref}
        aria-label="Message"
        className="composer-input"
        placeholder={
          running
            ? 'Write the next message; it waits in the queue until this run ends'
            : `Message ${session.name} — Enter to send, Shift+Enter for a new line`
        }
        value={draft}
        rows={1}
        aria-autocomplete="list"
        onChange={(event) => {
          setDraft(session.id, event.target.value);
          mentions.track(event.target.value, event.target.selectionStart);
        }}
        onPaste={(event) => {
          const files = Array.from(event.clipboardData.files);
          if (files.length === 0) return;
          event.preventDefault();
          attachments.add(files);
        }}
        onSelect={(event) =>
          mentions.track(event.currentTarget.value, event.currentTarget.selectionStart)
        }
        onKeyDown={(event) => {
          if (mentions.onKeyDown(event)) {
            event.preventDefault();
          } else if (
            event.key === 'Enter' &&
            !event.shiftKey &&
            !event.altKey &&
            !event.ctrlKey &&
            !event.metaKey &&
            !event.nativeEvent.isComposing
          ) {
            event.preventDefault();
            send();
          } else if (event.key === 'Escape' && running && !cancelling) {
            event.preventDefault();
            cancel();
          } else if (
            event.key === 'Tab' &&
            event.shiftKey &&
            !event.ctrlKey &&
            !event.altKey &&
            !event.metaKey
          ) {
            event.preventDefault();
            const mode = nextMode(session.execution_mode);
            void updateSession(session.id, { execution_mode: mode })
              .then(() => toast.info(`Mode: ${MODE_LABELS[mode]}`))
              .catch(toast.error);
          }
        }}
      />
      {error ? (
        <p className="composer-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="composer-bar">
        <AttachButton state={attachments} />
        <SessionPickers session={session} />
        <span className="spacer" />
        {running ? (
          <button
            type="button"
            className="button danger-outline"
            onClick={cancel}
            disabled={cancelling}
            title="Stop the run; what was written so far is kept (Escape in the message box)"
          >
            <Icon name="stop" size={14} />
            Cancel
          </button>
        ) : null}
        <button
          type="submit"
          className="button primary"
          disabled={(draft.trim() === '' && !attachments.ready) || attachments.uploading}
          title={running ? 'Queue this message' : 'Send (Enter)'}
        >
          Send
          <Icon name="send" size={14} />
        </button>
      </div>
    </form>
  );
}
