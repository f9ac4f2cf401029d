// After a crash: each transcript line is fsynced before its message is acknowledged, the search
// index's log is not (it only repeats the transcripts), so a crash can take the log's last lines
// and with them messages a search should find. Nothing else would notice: the lines left are
// whole. A load that finds no mark of a clean close compares each session's transcript with the
// index, and writes to the log what it missed.
import { addLine, type IndexLine, type IndexReader, type IndexedText } from './search-disk.js';
import type { SearchIndex } from './search-index.js';

/** One session's searchable messages as its transcript holds them, oldest first. */
export interface SessionTexts {
  sessionId: string;
  texts: IndexedText[];
}

/** Where the index's messages come from: the transcripts, session by session. */
export type TranscriptTexts = () => AsyncIterable<SessionTexts>;

/**
 * The lines that bring one session's part of the index back to its transcript. The log is a
 * first part of what happened, and a message is only taken back while it is its session's last,
 * so the index holds the transcript's first messages and then at most some taken back since the
 * log ends: those are taken back again, and the transcript's messages after the last one both
 * hold are added.
 */
export async function catchUpLines(
  index: SearchIndex,
  session: SessionTexts,
  reader: IndexReader,
): Promise<IndexLine[]> {
  const positions = new Map(session.texts.map((doc, at) => [doc.messageId, at]));
  const lines: IndexLine[] = [];
  for (const newest of index.searchableOf(session.sessionId)) {
    const { messageId } = await reader.doc(index.logOffsetOf(newest));
    const at = positions.get(messageId);
    if (at !== undefined) return [...lines, ...session.texts.slice(at + 1).map(addLine)];
    lines.push(['r', messageId, session.sessionId]);
  }
  return [...lines, ...session.texts.map(addLine)];
}
