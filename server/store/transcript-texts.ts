import type { Session } from '../contract/index.js';
import type { SessionTexts, TranscriptTexts } from './search-catch-up.js';
import { indexedText } from './search-index.js';
import type { TranscriptFile } from './transcript.js';

/** The search index's view of the transcripts: what it is rebuilt or caught up from. */
export function transcriptTexts(
  sessions: () => readonly Session[],
  transcriptOf: (sessionId: string) => TranscriptFile,
): TranscriptTexts {
  return async function* bySession(): AsyncGenerator<SessionTexts> {
    for (const session of sessions()) {
      const messages = await transcriptOf(session.id).readAll();
      const texts = messages.map(indexedText).filter((doc) => doc.text);
      yield { sessionId: session.id, texts };
    }
  };
}
