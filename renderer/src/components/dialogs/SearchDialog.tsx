import type { SearchHit } from '@contract';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client.js';
import { clockTime } from '../../lib/format.js';
import { useUiStore } from '../../stores/ui.js';
import { useWorktreesStore } from '../../stores/worktrees.js';
import { Dialog } from '../common/Dialog.js';

const LIMIT = 50;

/** Search every conversation's messages; picking a hit opens its session at that message. */
export function SearchDialog({ onClose }: { onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<readonly SearchHit[]>([]);
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const worktrees = useWorktreesStore((s) => s.byId);
  const trimmed = query.trim();

  useEffect(() => {
    if (!trimmed) return;
    let current = true;
    api.call('searchMessages', { q: trimmed, limit: LIMIT }).then(
      (result) => {
        if (!current) return;
        setHits(result.hits);
        setSelected(0);
        setError(null);
      },
      (failure: unknown) => current && setError(errorMessage(failure)),
    );
    return () => {
      current = false;
    };
  }, [trimmed]);

  const shown = trimmed ? hits : [];
  const open = (hit: SearchHit) => {
    const ui = useUiStore.getState();
    ui.selectSession(hit.worktree_id, hit.session_id);
    ui.jumpTo({ sessionId: hit.session_id, messageId: hit.message_id });
    onClose();
  };

  return (
    <Dialog title="Search conversations" onClose={onClose} width="medium">
      <div className="search-dialog">
        <input
          type="search"
          className="search-input"
          aria-label="Search messages"
          placeholder="Words from any message, in any session"
          autoFocus
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              const step = event.key === 'ArrowDown' ? 1 : -1;
              setSelected((index) => Math.max(0, Math.min(shown.length - 1, index + step)));
            } else if (event.key === 'Enter') {
              event.preventDefault();
              const hit = shown[selected];
              if (hit) open(hit);
            }
          }}
        />
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <ul className="search-hits" role="listbox" aria-label="Matching messages">
          {shown.map((hit, index) => (
            <li
              key={hit.message_id}
              role="option"
              aria-selected={index === selected}
              className={index === selected ? 'selected' : undefined}
              onClick={() => open(hit)}
            >
              <div className="search-hit-meta">
                <span>{hit.session_name}</span>
                <span className="muted">{worktrees[hit.worktree_id]?.name ?? ''}</span>
                <time className="muted">{clockTime(hit.created_at)}</time>
              </div>
              <div className="search-hit-snippet">
                {hit.snippet.slice(0, hit.match_start)}
                <mark>{hit.snippet.slice(hit.match_start, hit.match_end)}</mark>
                {hit.snippet.slice(hit.match_end)}
              </div>
            </li>
          ))}
        </ul>
        {trimmed && shown.length === 0 && !error ? (
          <p className="muted">No message contains “{trimmed}”.</p>
        ) : null}
      </div>
    </Dialog>
  );
}
