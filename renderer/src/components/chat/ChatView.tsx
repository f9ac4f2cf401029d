import type { Session } from '@contract';
import { Composer } from '../composer/Composer.js';
import { MessageList } from './MessageList.js';
import { RunPanel } from './RunPanel.js';

/** The current session: its conversation, what the run is doing, and the composer. */
export function ChatView({ session }: { session: Session }) {
  return (
    <section
      id="session-panel"
      className="chat"
      role="tabpanel"
      aria-labelledby={`tab-${session.id}`}
    >
      {/* Keyed per session so scroll position and drafts start fresh; keys differ between siblings. */}
      <MessageList key={`messages-${session.id}`} session={session} />
      <RunPanel session={session} />
      <Composer key={`composer-${session.id}`} session={session} />
    </section>
  );
}
