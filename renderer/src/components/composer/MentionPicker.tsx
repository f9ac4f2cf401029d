import type { FileMatch } from '@contract';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../../api/client.js';
import { activeMention, insertMention, type ActiveMention } from '../../lib/mentions.js';

const RESULTS = 12;

export interface MentionState {
  mention: ActiveMention | null;
  files: readonly FileMatch[];
  selected: number;
  /** Follow the text and caret after each edit or caret move. */
  track(text: string, caret: number): void;
  /** Arrow keys, Enter/Tab and Escape while the list is open; true when the key was used. */
  onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean;
  pick(path: string): void;
}

/**
 * Typing `@` in the composer lists the worktree's files, fuzzy-matched as the query grows; a pick
 * puts `@path` into the text. `apply` receives the new text and caret.
 */
export function useMentionPicker(
  worktreeId: string,
  apply: (text: string, caret: number) => void,
): MentionState {
  const [mention, setMention] = useState<ActiveMention | null>(null);
  const [files, setFiles] = useState<readonly FileMatch[]>([]);
  const [selected, setSelected] = useState(0);
  const latest = useRef({ text: '', caret: 0 });
  const query = mention?.query ?? null;

  useEffect(() => {
    if (query === null) return;
    let current = true;
    api
      .call('searchWorktreeFiles', { worktreeId }, { query, limit: RESULTS })
      .then((result) => {
        // Only the answer to the newest query counts; a slower older one is dropped.
        if (!current) return;
        setFiles(result.files);
        setSelected(0);
      })
      .catch(() => current && setFiles([]));
    return () => {
      current = false;
    };
  }, [worktreeId, query]);

  const close = () => {
    setMention(null);
    setFiles([]);
  };
  const pick = (path: string) => {
    const { text, caret } = latest.current;
    if (!mention) return;
    const next = insertMention(text, caret, mention, path);
    close();
    apply(next.text, next.caret);
  };

  return {
    mention,
    files,
    selected,
    pick,
    track(text, caret) {
      latest.current = { text, caret };
      const next = activeMention(text, caret);
      if (next?.start !== mention?.start || next?.query !== mention?.query) setMention(next);
      if (!next) setFiles([]);
    },
    onKeyDown(event) {
      if (!mention) return false;
      if (event.key === 'Escape') {
        close();
        return true;
      }
      if (files.length === 0) return false;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setSelected((index) => (index + step + files.length) % files.length);
        return true;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) {
        const file = files[selected];
        if (file) pick(file.path);
        return true;
      }
      return false;
    },
  };
}

/** The list of matching files above the composer. */
export function MentionList({ state }: { state: MentionState }) {
  if (!state.mention || state.files.length === 0) return null;
  return (
    <ul className="mention-list popover" role="listbox" aria-label="Files">
      {state.files.map((file, index) => (
        <li
          key={file.path}
          role="option"
          aria-selected={index === state.selected}
          className={`mention-option${index === state.selected ? ' selected' : ''}`}
          // Keep the focus in the textarea: a pick goes on typing there.
          onMouseDown={(event) => {
            event.preventDefault();
            state.pick(file.path);
          }}
        >
          <HighlightedPath path={file.path} indexes={file.indexes} />
        </li>
      ))}
    </ul>
  );
}

function HighlightedPath({ path, indexes }: FileMatch) {
  const marked = new Set(indexes);
  return (
    <span className="mention-path">
      {path
        .split('')
        .map((character, index) =>
          marked.has(index) ? <mark key={index}>{character}</mark> : character,
        )}
    </span>
  );
}
