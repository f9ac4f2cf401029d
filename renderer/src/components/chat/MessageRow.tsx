import type { Backend, Message, Usage } from '@contract';
import { memo, useMemo } from 'react';
import { toBlocks, type Block } from '../../lib/assemble.js';
import { BACKEND_LABELS, clockTime, formatUsage } from '../../lib/format.js';
import { splitMentions } from '../../lib/mentions.js';
import { editAndResend, forkSession } from '../../actions/sessions.js';
import { useUiStore } from '../../stores/ui.js';
import { toast } from '../common/Toast.js';
import { Spinner } from '../common/Icon.js';
import { OrphanOutput, PlanBlock, ThinkingBlock, ToolBlock } from './Blocks.js';
import { Markdown } from './Markdown.js';
import { MessageAttachments } from './MessageAttachments.js';

interface MessageRowProps {
  message: Message;
  /** Still being written (the run is going). */
  live: boolean;
  usage: Usage | null;
  backend: Backend;
  /** The worktree path, to show tool paths relative to it. */
  cwd?: string | undefined;
  /** The last user message of an idle session: it can be edited and sent again. */
  editable?: boolean;
}

const STATUS_LABELS: Partial<Record<Message['status'], string>> = {
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
  error: 'Failed',
};

/** One message. Memoised: only the message being written re-renders while text streams in. */
export const MessageRow = memo(function MessageRow({
  message,
  live,
  usage,
  backend,
  cwd,
  editable = false,
}: MessageRowProps) {
  const blocks = useMemo(
    () => withoutPlanEcho(toBlocks(message.parts), message.plan),
    [message.parts, message.plan],
  );

  if (message.role === 'user') {
    const text = message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
    return (
      <article className="message message-user" aria-label="Your message">
        <div className="message-meta">
          <span className="message-author">You</span>
          <time>{clockTime(message.created_at)}</time>
          <TurnActions message={message} text={text} editable={editable} />
        </div>
        <div className="message-body user-text">
          <TextWithMentions text={text} />
        </div>
        {message.attachments?.length ? (
          <MessageAttachments sessionId={message.session_id} attachments={message.attachments} />
        ) : null}
      </article>
    );
  }

  const lastText = blocks.findLastIndex((block) => block.kind === 'text');
  const status = STATUS_LABELS[message.status];
  return (
    <article
      className={`message message-assistant${live ? ' live' : ''}`}
      aria-label={`${BACKEND_LABELS[backend]} message`}
      aria-busy={live || undefined}
    >
      <div className="message-meta">
        <span className="message-author">{BACKEND_LABELS[backend]}</span>
        <time>{clockTime(message.created_at)}</time>
        {live ? (
          <span className="message-streaming">
            <Spinner /> writing
          </span>
        ) : null}
        {status ? (
          <span className={`message-status status-${message.status}`}>{status}</span>
        ) : null}
        {live ? null : (
          <span className="turn-actions">
            <ForkButton message={message} />
          </span>
        )}
      </div>
      <div className="message-body">
        {blocks.map((block, index) => {
          switch (block.kind) {
            case 'text':
              return (
                <Markdown
                  key={block.key}
                  text={block.text}
                  streaming={live && index === lastText}
                />
              );
            case 'thinking':
              return (
                <ThinkingBlock
                  key={block.key}
                  text={block.text}
                  streaming={live && index === blocks.length - 1}
                />
              );
            case 'tool':
              return (
                <ToolBlock
                  key={block.key}
                  name={block.name}
                  input={block.input}
                  result={block.result}
                  running={live}
                  cwd={cwd}
                />
              );
            case 'tool-output':
              return <OrphanOutput key={block.key} output={block.output} isError={block.isError} />;
          }
        })}
        {blocks.length === 0 && live ? <p className="muted">Waiting for the first words…</p> : null}
        {message.plan ? <PlanBlock plan={message.plan} /> : null}
        {message.error ? <p className="message-error">{message.error.message}</p> : null}
      </div>
      {usage && !live ? (
        <div className="message-usage" title="Tokens, cost and time of this run">
          {formatUsage(usage)}
        </div>
      ) : null}
    </article>
  );
});

/**
 * What can be done with a turn from its user message: see what it changed in the worktree, put
 * the files back as they were before it, and (on the last one) edit it and send it again.
 */
function TurnActions({
  message,
  text,
  editable,
}: {
  message: Message;
  text: string;
  editable: boolean;
}) {
  const runId = message.run_id;
  const openTurnDialog = (kind: 'turn-changes' | 'restore-turn') => {
    if (runId) useUiStore.getState().openDialog({ kind, sessionId: message.session_id, runId });
  };
  return (
    <span className="turn-actions">
      {runId ? (
        <>
          <button
            type="button"
            className="text-button"
            onClick={() => openTurnDialog('turn-changes')}
          >
            Show changes of this turn
          </button>
          <button
            type="button"
            className="text-button"
            onClick={() => openTurnDialog('restore-turn')}
          >
            Restore to before this turn
          </button>
        </>
      ) : null}
      <ForkButton message={message} />
      {editable ? (
        <button
          type="button"
          className="text-button"
          title="Rewind to before this message (in a fork, so the agent forgets it too) and put it back in the message box to change and send again"
          onClick={() => void editAndResend(message, text, toast.error).catch(toast.error)}
        >
          Edit and resend
        </button>
      ) : null}
    </span>
  );
}

/** A new session with the conversation up to this message, opened in its own tab. */
function ForkButton({ message }: { message: Message }) {
  return (
    <button
      type="button"
      className="text-button"
      title="Start a new session with the conversation up to this message"
      onClick={() => void forkSession(message.session_id, message.id).catch(toast.error)}
    >
      Fork from here
    </button>
  );
}

/** A user's text with each `@path` it mentions shown as a chip. */
function TextWithMentions({ text }: { text: string }) {
  return splitMentions(text).map((segment, index) =>
    segment.kind === 'text' ? (
      segment.text
    ) : (
      <span key={index} className="mention-chip" title={`File: ${segment.path}`}>
        @{segment.path}
      </span>
    ),
  );
}

/**
 * A message carrying a plan shows it once, in the plan block: the plan tool call that delivered
 * it (Claude's ExitPlanMode) and a text part repeating it word for word are left out.
 */
function withoutPlanEcho(blocks: Block[], plan: string | null | undefined): Block[] {
  if (!plan) return blocks;
  const text = plan.trim();
  return blocks.filter(
    (block) =>
      !(block.kind === 'tool' && block.name === 'ExitPlanMode') &&
      !(block.kind === 'text' && block.text.trim() === text),
  );
}
