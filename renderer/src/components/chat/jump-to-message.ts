import type { Message } from '@contract';
import { useEffect } from 'react';
import { loadOlder } from '../../stores/messages.js';
import { useUiStore } from '../../stores/ui.js';

/**
 * Bring the message search picked into view: older pages load until it is among the messages
 * held (or the history has no more), then the list scrolls to it. Answers the id to highlight.
 */
export function useJumpToMessage(
  sessionId: string,
  messages: readonly (Message | null)[],
  /** The first page is in: before that, "not found" means nothing yet. */
  ready: boolean,
  hasMore: boolean,
  scrollToIndex: (index: number) => void,
): string | null {
  const target = useUiStore((s) => s.jumpTarget);
  const highlighted = useUiStore((s) => s.jumpedMessageId);
  const wanted = target?.sessionId === sessionId ? target.messageId : null;

  useEffect(() => {
    if (!wanted || !ready) return;
    const index = messages.findIndex((message) => message?.id === wanted);
    if (index === -1) {
      if (hasMore) void loadOlder(sessionId);
      else useUiStore.getState().jumped(null);
      return;
    }
    scrollToIndex(index);
    useUiStore.getState().jumped(wanted);
  }, [wanted, ready, messages, hasMore, sessionId, scrollToIndex]);

  return highlighted;
}
