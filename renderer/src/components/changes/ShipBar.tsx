import type { MergeStrategy, Worktree, WorktreeGitStatus } from '@contract';
import { useState } from 'react';
import {
  createPullRequest,
  mergeIntoBase,
  pushBranch,
  updateFromBase,
} from '../../actions/changes.js';
import { useChangesStore, type ShipAction } from '../../stores/changes.js';

const PROGRESS: Record<ShipAction, string> = {
  commit: 'Committing…',
  discard: 'Discarding…',
  merge: 'Merging…',
  update: 'Updating…',
  push: 'Pushing…',
  'pull-request': 'Opening the pull request…',
};

/** Merge (with a strategy), update from base, push and open a pull request, with progress. */
export function ShipBar({
  worktree,
  status,
}: {
  worktree: Worktree;
  status: WorktreeGitStatus | undefined;
}) {
  const busy = useChangesStore((s) => s.busy);
  const [strategy, setStrategy] = useState<MergeStrategy>('merge');
  const [prOpen, setPrOpen] = useState(false);
  const hasBase = worktree.kind === 'worktree' && worktree.base_branch !== null;
  const base = worktree.base_branch ?? 'base';
  return (
    <div className="ship-bar">
      <div className="ship-row">
        {status ? (
          <span className="ship-counts muted" title={`Against ${base}`}>
            ↑{status.ahead} ↓{status.behind}
            {status.unpushed !== null ? ` · ${status.unpushed} unpushed` : ' · not pushed'}
          </span>
        ) : null}
        {hasBase ? (
          <>
            <select
              aria-label="Merge strategy"
              value={strategy}
              disabled={busy !== null}
              onChange={(event) => setStrategy(event.target.value as MergeStrategy)}
            >
              <option value="merge">Merge commit</option>
              <option value="squash">Squash</option>
              <option value="rebase">Rebase</option>
            </select>
            <button
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={() => void mergeIntoBase(worktree.id, strategy)}
            >
              Merge into {base}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={() => void updateFromBase(worktree.id, true)}
            >
              Update from {base}
            </button>
          </>
        ) : null}
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => void pushBranch(worktree.id)}
        >
          Push
        </button>
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => setPrOpen((open) => !open)}
          aria-expanded={prOpen}
        >
          Create pull request
        </button>
        {worktree.pr_url ? (
          <a className="pr-link" href={worktree.pr_url} target="_blank" rel="noreferrer">
            PR #{worktree.pr_number}
          </a>
        ) : null}
      </div>
      {prOpen ? <PullRequestForm worktree={worktree} onDone={() => setPrOpen(false)} /> : null}
      {busy ? (
        <div className="ship-progress" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          {PROGRESS[busy]}
        </div>
      ) : null}
      <Outcome worktreeId={worktree.id} base={base} />
    </div>
  );
}

/** What a failure's file list is, by its error code. */
const FILE_LISTS: Record<string, string> = {
  'merge-conflict': 'Conflicting files',
  'base-untracked-files': 'Files in the way',
};

function Outcome({ worktreeId, base }: { worktreeId: string; base: string }) {
  const outcome = useChangesStore((s) => s.outcome);
  const busy = useChangesStore((s) => s.busy);
  if (!outcome) return null;
  if (outcome.ok) {
    return (
      <div className="ship-outcome ok" role="status">
        {outcome.text}
      </div>
    );
  }
  const listName = FILE_LISTS[outcome.code ?? ''] ?? 'Files';
  return (
    <div className="ship-outcome error" role="alert">
      <pre>{outcome.text}</pre>
      {outcome.files && outcome.files.length > 0 ? (
        <ul aria-label={listName}>
          {outcome.files.map((file) => (
            <li key={file}>
              <code>{file}</code>
            </li>
          ))}
        </ul>
      ) : null}
      {outcome.action === 'merge' && outcome.code === 'merge-conflict' ? (
        // The conflicts are resolved in the worktree: bring the base in and keep them there.
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => void updateFromBase(worktreeId, true)}
        >
          Update from {base} to resolve them
        </button>
      ) : null}
    </div>
  );
}

function PullRequestForm({ worktree, onDone }: { worktree: Worktree; onDone: () => void }) {
  const [title, setTitle] = useState(worktree.name);
  const [body, setBody] = useState('');
  const [draft, setDraft] = useState(false);
  const busy = useChangesStore((s) => s.busy);
  return (
    <form
      className="pr-form"
      onSubmit={(event) => {
        event.preventDefault();
        void createPullRequest(worktree.id, { title, body, draft }).then((ok) => ok && onDone());
      }}
    >
      <input
        aria-label="Pull request title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <textarea
        aria-label="Pull request description"
        placeholder="Description (optional)"
        rows={3}
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <label className="pr-draft">
        <input type="checkbox" checked={draft} onChange={(e) => setDraft(e.target.checked)} /> Draft
      </label>
      <button type="submit" className="button primary" disabled={busy !== null || !title.trim()}>
        Open pull request
      </button>
    </form>
  );
}
