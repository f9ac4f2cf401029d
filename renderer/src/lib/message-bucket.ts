import type { GroveEvent, Message, Usage } from '@contract';
import { addToolResult, addToolUse, appendDelta, startLiveMessage } from './assemble.js';

export interface RunError {
  runId: string;
  code: string;
  message: string;
}

/** A message of the history that is not loaded yet: its place is kept, so any window can load. */
export const HOLE = '';

/** One session's history as the renderer holds it: the windows loaded plus the run in progress. */
export interface MessageBucket {
  /**
   * Persisted messages, oldest first, one per position in the server's history (its offsets):
   * the windows loaded so far, HOLE where none is, and what arrived live.
   */
  ids: string[];
  byId: Record<string, Message>;
  /** Some position is still a HOLE. */
  hasMore: boolean;
  phase: 'empty' | 'loading' | 'ready' | 'error';
  loadError: string | null;
  loadingOlder: boolean;
  /** The assistant message being written right now, assembled from deltas. */
  live: Message | null;
  /** The last run's failure, until the next run starts or the user dismisses it. */
  runError: RunError | null;
  /** Usage reported by `run-completed`, by run id (a message's own `usage` wins). */
  runUsage: Record<string, Usage>;
}

export function emptyBucket(): MessageBucket {
  return {
    ids: [],
    byId: {},
    hasMore: false,
    phase: 'empty',
    loadError: null,
    loadingOlder: false,
    live: null,
    runError: null,
    runUsage: {},
  };
}

/** Insert or replace one persisted message. A new one goes after every message it is not older than. */
export function upsertMessage(bucket: MessageBucket, message: Message): MessageBucket {
  const byId = { ...bucket.byId, [message.id]: message };
  if (bucket.byId[message.id]) return { ...bucket, byId };
  let at = bucket.ids.length;
  while (at > 0) {
    const previous = bucket.byId[bucket.ids[at - 1] ?? ''];
    if (!previous || previous.created_at <= message.created_at) break;
    at -= 1;
  }
  const ids = [...bucket.ids.slice(0, at), message.id, ...bucket.ids.slice(at)];
  return { ...bucket, ids, byId };
}

/**
 * The newest page arrived, from position `offset`: it becomes the history, with a HOLE for each
 * older message, and anything newer that came live stays after it.
 */
export function withLatestPage(
  bucket: MessageBucket,
  messages: readonly Message[],
  offset: number,
): MessageBucket {
  const pageIds = new Set(messages.map((message) => message.id));
  let next: MessageBucket = {
    ...bucket,
    ids: [...new Array<string>(offset).fill(HOLE), ...messages.map((message) => message.id)],
    byId: Object.fromEntries(messages.map((message) => [message.id, message])),
    hasMore: offset > 0,
    phase: 'ready',
    loadError: null,
  };
  for (const id of bucket.ids) {
    const message = bucket.byId[id];
    if (message && !pageIds.has(id)) next = upsertMessage(next, message);
  }
  if (next.live && next.byId[next.live.id]) next = { ...next, live: null };
  return next;
}

/** A window of the history arrived, from position `offset`: it fills the holes it covers. */
export function withWindow(
  bucket: MessageBucket,
  messages: readonly Message[],
  offset: number,
): MessageBucket {
  const ids = [...bucket.ids];
  const byId = { ...bucket.byId };
  messages.forEach((message, index) => {
    if (ids[offset + index] !== HOLE || byId[message.id]) return;
    ids[offset + index] = message.id;
    byId[message.id] = message;
  });
  return { ...bucket, ids, byId, hasMore: ids.includes(HOLE), loadingOlder: false };
}

/** The position of the first window to load among `from`..`to` (inclusive), if any is a HOLE. */
export function holeIn(bucket: MessageBucket, from: number, to: number): number | null {
  for (let index = Math.max(0, from); index <= Math.min(to, bucket.ids.length - 1); index++) {
    if (bucket.ids[index] === HOLE) return index;
  }
  return null;
}

/** The live message, or a new one with this id when its `run-started` was missed. */
function liveFor(
  bucket: MessageBucket,
  sessionId: string,
  messageId: string,
  runId: string,
): Message | null {
  if (bucket.live?.id === messageId) return bucket.live;
  if (bucket.byId[messageId]) return null; // already final: a late fragment changes nothing
  return startLiveMessage(sessionId, messageId, runId, Math.floor(Date.now() / 1000));
}

/** When a run ends, what was streamed stays visible unless the final message already replaced it. */
function settleLive(
  bucket: MessageBucket,
  status: Message['status'],
  error?: RunError,
): MessageBucket {
  const live = bucket.live;
  if (!live) return bucket;
  const replaced =
    bucket.byId[live.id] !== undefined ||
    bucket.ids.some((id) => {
      const message = bucket.byId[id];
      return (
        message?.role === 'assistant' && message.run_id !== null && message.run_id === live.run_id
      );
    });
  const cleared = { ...bucket, live: null };
  if (replaced || live.parts.length === 0) return cleared;
  const settled: Message = {
    ...live,
    status,
    ...(error ? { error: { code: error.code, message: error.message } } : {}),
  };
  return upsertMessage(cleared, settled);
}

/** Apply one event that concerns this session's messages; other events return the bucket as is. */
export function reduceBucket(bucket: MessageBucket, event: GroveEvent): MessageBucket {
  switch (event.event) {
    case 'run-started': {
      const { session_id, message_id, run_id } = event.data;
      if (bucket.byId[message_id]) return { ...bucket, runError: null };
      const live = startLiveMessage(session_id, message_id, run_id, Math.floor(Date.now() / 1000));
      return { ...settleLive(bucket, 'interrupted'), live, runError: null };
    }
    case 'message-delta': {
      const { session_id, message_id, run_id, kind, text } = event.data;
      const live = liveFor(bucket, session_id, message_id, run_id);
      return live ? { ...bucket, live: appendDelta(live, kind, text) } : bucket;
    }
    case 'tool-use': {
      const { session_id, message_id, run_id, id, name, input } = event.data;
      const live = liveFor(bucket, session_id, message_id, run_id);
      return live ? { ...bucket, live: addToolUse(live, id, name, input) } : bucket;
    }
    case 'tool-result': {
      const { session_id, message_id, run_id, tool_use_id, output, is_error } = event.data;
      const live = liveFor(bucket, session_id, message_id, run_id);
      return live
        ? { ...bucket, live: addToolResult(live, tool_use_id, output, is_error) }
        : bucket;
    }
    case 'message-created': {
      const { message } = event.data;
      const next = upsertMessage(bucket, message);
      return next.live?.id === message.id ? { ...next, live: null } : next;
    }
    case 'run-completed': {
      const runUsage = { ...bucket.runUsage, [event.data.run_id]: event.data.usage };
      return { ...settleLive(bucket, 'complete'), runUsage };
    }
    case 'run-failed': {
      const runError: RunError = { runId: event.data.run_id, ...event.data.error };
      return { ...settleLive(bucket, 'error', runError), runError };
    }
    case 'run-cancelled':
      return settleLive(bucket, 'cancelled');
    default:
      return bucket;
  }
}

/** The session an event is about, for the events the message store cares about. */
export function messageEventSession(event: GroveEvent): string | null {
  switch (event.event) {
    case 'run-started':
    case 'message-delta':
    case 'tool-use':
    case 'tool-result':
    case 'run-completed':
    case 'run-failed':
    case 'run-cancelled':
      return event.data.session_id;
    case 'message-created':
      return event.data.message.session_id;
    default:
      return null;
  }
}

/** Messages to render, oldest first, null for each one not loaded, with the live one last. */
export function visibleMessages(bucket: MessageBucket): (Message | null)[] {
  const list = bucket.ids.map((id) => bucket.byId[id] ?? null);
  if (bucket.live) list.push(bucket.live);
  return list;
}
