import type { Message, Session, Usage } from '@contract';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { dayKey, dayLabel } from '../../lib/day-label.js';
import { visibleMessages } from '../../lib/message-bucket.js';
import { bucketOf, ensureHistory, useMessagesStore } from '../../stores/messages.js';
import { Spinner } from '../common/Icon.js';
import { useWorktreesStore } from '../../stores/worktrees.js';
import { isBusy } from '../../lib/session-status.js';
import { MessageRow } from './MessageRow.js';
import { useJumpToMessage } from './jump-to-message.js';
import { useHistoryWindows } from './use-history-windows.js';
import { useKeepBottomOnShrink } from '../../hooks/useKeepBottomOnShrink.js';

/** Room above the first message for the "loading" / "beginning of the conversation" line. */
const HEADER_PX = 48;
/** Within this distance of the bottom the view counts as "at the latest" and follows new text. */
const END_THRESHOLD_PX = 80;
/** Height of the day separator above a day's first message, for the size estimate. */
const DAY_SEPARATOR_PX = 36;

/**
 * The conversation, virtualized: only the rows in view (plus a few) exist in the DOM, so a
 * history of 10,000 messages scrolls like a short one. Older pages load as the top comes near,
 * without the view jumping; new text keeps the view pinned to the bottom unless the user
 * scrolled up to read.
 */
export function MessageList({ session }: { session: Session }) {
  const bucket = useMessagesStore((s) => bucketOf(s, session.id));
  const { live, runUsage, phase, hasMore, loadingOlder, loadError } = bucket;
  const messages = useMemo(() => visibleMessages(bucket), [bucket]);
  const usage = useMemo(() => usageByMessage(messages, runUsage), [messages, runUsage]);
  const scrollRef = useRef<HTMLDivElement>(null);
  useKeepBottomOnShrink(scrollRef, END_THRESHOLD_PX);
  const cwd = useWorktreesStore((s) => s.byId[session.worktree_id]?.path);
  const lastUserId = isBusy(session)
    ? null
    : messages.findLast((message) => message?.role === 'user')?.id;
  const highlighted = useJumpToMessage(session.id, messages, phase === 'ready', hasMore, (index) =>
    virtualizer.scrollToIndex(index, { align: 'center' }),
  );

  useEffect(() => {
    if (phase === 'empty') void ensureHistory(session.id);
  }, [phase, session.id]);

  const startsDay = useMemo(
    () =>
      messages.map(
        (message, index) =>
          message !== null &&
          (index === 0 ||
            dayKey(message.created_at) !== dayKey(messages[index - 1]?.created_at ?? 0)),
      ),
    [messages],
  );
  const [awayFromEnd, setAwayFromEnd] = useState(false);
  const getItemKey = useCallback((index: number) => messages[index]?.id ?? index, [messages]);
  // End-anchored: older pages prepend without moving what is on screen, new messages and
  // streaming text keep the view at the bottom only when it already was there.
  // The app does not use the React Compiler; the virtualizer's own re-renders keep it current.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) =>
      estimateHeight(messages[index] ?? undefined) + (startsDay[index] ? DAY_SEPARATOR_PX : 0),
    paddingStart: HEADER_PX,
    getItemKey,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: END_THRESHOLD_PX,
    overscan: 6,
  });

  const rendered = virtualizer.getVirtualItems();
  useHistoryWindows(session.id, bucket, rendered[0]?.index ?? 0, rendered.at(-1)?.index ?? -1);

  // Open at the newest message once the first page is in.
  const opened = useRef(false);
  useLayoutEffect(() => {
    if (opened.current || phase !== 'ready') return;
    opened.current = true;
    virtualizer.scrollToEnd();
  }, [phase, virtualizer]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    // Read the element itself: this handler can run before the virtualizer has seen the scroll.
    const fromEnd = element.scrollHeight - element.scrollTop - element.clientHeight;
    setAwayFromEnd(fromEnd > END_THRESHOLD_PX);
  };

  // The browser's own End stops at the bottom the estimated heights give; rows measured on the
  // way change it, so the virtualizer scrolls until the last message is really in view.
  const jumpToLatest = () => virtualizer.scrollToEnd();
  // The browser's own Home scrolls smoothly past thousands of rows, loading windows on the way
  // that move it; going there at once loads only the first window.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'End') jumpToLatest();
    else if (event.key === 'Home') virtualizer.scrollToOffset(0);
    else return;
    event.preventDefault();
  };

  return (
    <div className="messages-pane">
      <div
        ref={scrollRef}
        className="messages-scroll"
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        role="region"
        aria-label="Messages"
        // In the Tab order so the history scrolls with the keyboard (axe: scrollable-region-focusable).
        tabIndex={0}
      >
        <div className="messages" style={{ height: virtualizer.getTotalSize() }}>
          <HistoryTop
            phase={phase}
            hasMore={messages[0] === null}
            loadingOlder={loadingOlder}
            error={loadError}
            empty={messages.length === 0}
          />
          {rendered.map((item) => {
            const message = messages[item.index];
            return message ? (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className={`message-slot${message.id === highlighted ? ' jump-target' : ''}`}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {startsDay[item.index] ? (
                  <div className="day-separator" role="separator">
                    <span>{dayLabel(message.created_at)}</span>
                  </div>
                ) : null}
                <MessageRow
                  message={message}
                  live={message === live}
                  usage={usage.get(message.id) ?? null}
                  backend={session.backend}
                  cwd={cwd}
                  editable={message.id === lastUserId}
                />
              </div>
            ) : null;
          })}
        </div>
      </div>
      {awayFromEnd && messages.length > 0 ? (
        <button type="button" className="jump-to-latest" onClick={jumpToLatest}>
          Jump to latest ↓
        </button>
      ) : null}
    </div>
  );
}

function HistoryTop(props: {
  phase: string;
  hasMore: boolean;
  loadingOlder: boolean;
  error: string | null;
  empty: boolean;
}) {
  if (props.error)
    return <p className="history-top error">Could not load the history: {props.error}</p>;
  if (props.phase === 'loading' || props.loadingOlder) {
    return (
      <p className="history-top">
        <Spinner /> Loading messages…
      </p>
    );
  }
  if (props.hasMore) return <p className="history-top">Scroll up for earlier messages</p>;
  if (props.empty)
    return (
      <p className="history-top empty">
        No messages yet. Write below to start; the agent works in this worktree.
      </p>
    );
  return <p className="history-top">Beginning of the conversation</p>;
}

/**
 * A guess at a row's height before it is measured, from its text: close guesses mean fewer
 * corrections while jumping to the end or paging in history.
 */
function estimateHeight(message: Message | undefined): number {
  if (!message) return 100;
  let lines = 0;
  let blocks = 0;
  for (const part of message.parts) {
    if (part.type === 'text') {
      for (const line of part.text.split('\n')) lines += 1 + Math.floor(line.length / 110);
      blocks += (part.text.match(/```/g)?.length ?? 0) / 2;
    } else {
      blocks += 1;
    }
  }
  const chrome = message.role === 'user' ? 62 : 50;
  return chrome + lines * 21 + blocks * 48 + (message.usage ? 22 : 0);
}

/** Usage goes under the last assistant message of each run. */
function usageByMessage(
  messages: readonly (Message | null)[],
  runUsage: Readonly<Record<string, Usage>>,
): Map<string, Usage> {
  const lastOfRun = new Map<string, Message>();
  for (const message of messages) {
    if (message?.role === 'assistant' && message.run_id) lastOfRun.set(message.run_id, message);
  }
  const result = new Map<string, Usage>();
  for (const message of messages) {
    if (message?.usage) result.set(message.id, message.usage);
  }
  for (const [runId, message] of lastOfRun) {
    const usage = runUsage[runId];
    if (usage && !result.has(message.id)) result.set(message.id, usage);
  }
  return result;
}
