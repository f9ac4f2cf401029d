import { stat } from 'node:fs/promises';
import type { Session } from '../contract/index.js';
import type { SessionTexts, TranscriptTexts } from './search-catch-up.js';
import { indexedText, type IndexedText } from './search-index.js';
import type { TranscriptFile } from './transcript.js';

/** The search index's view of the transcripts: what it is rebuilt or caught up from. */
export function transcriptTexts(
  sessions: () => readonly Session[],
  transcriptOf: (sessionId: string) => TranscriptFile,
): TranscriptTexts {
  return {
    async *every(): AsyncGenerator<IndexedText> {
      for (const session of sessions()) {
        for (const message of await transcriptOf(session.id).readAll()) {
          yield indexedText(message);
        }
      }
    },
    async *changedSince(time: number): AsyncGenerator<SessionTexts> {
      for (const session of sessions()) {
        const transcript = transcriptOf(session.id);
        const written = await stat(transcript.file).then(
          (stats) => stats.mtimeMs,
          () => null,
        );
        // At the same time too: a clock tick holds both a transcript append and the log's.
        if (written === null || written < time) continue;
        const texts = (await transcript.readAll()).map(indexedText).filter((doc) => doc.text);
        yield { sessionId: session.id, texts };
      }
    },
  };
}
