import type { DiffScope, Worktree } from '@contract';
import { useEffect } from 'react';
import { loadCommits, loadDiff, loadGitStatus } from '../../actions/changes.js';
import { shortcutLabel } from '../../lib/shortcuts.js';
import { useChangesStore } from '../../stores/changes.js';
import { CommitBox } from './CommitBox.js';
import { ConflictsCard } from './ConflictsCard.js';
import { DiffViewer } from './DiffViewer.js';
import { FileList } from './FileList.js';
import { ShipBar } from './ShipBar.js';

/**
 * Beside the chat: what changed in the worktree (uncommitted, since the base, or one commit),
 * each file's diff, and the commit / merge / update / push / pull-request loop. The status comes
 * live from `git-status-updated`, so an agent's edits show up as it makes them.
 */
export function ChangesPanel({
  worktree,
  sessionId,
}: {
  worktree: Worktree;
  sessionId: string | null;
}) {
  const status = useChangesStore((s) => s.status[worktree.id]);
  const scope = useChangesStore((s) => s.scope);
  const commit = useChangesStore((s) => s.commit);
  const diff = useChangesStore((s) => s.diff);
  const diffError = useChangesStore((s) => s.diffError);
  const selectedPath = useChangesStore((s) => s.selectedPath);

  useEffect(() => {
    void loadGitStatus(worktree.id, true);
  }, [worktree.id]);
  // Each status change (an agent's edit, a commit, an editor elsewhere) reloads the diff.
  const statusMark = scope === 'commit' ? null : status;
  useEffect(() => {
    void loadDiff(worktree.id);
  }, [worktree.id, scope, commit, statusMark]);
  useEffect(() => {
    if (scope === 'commit') void loadCommits(worktree.id);
  }, [worktree.id, scope, status?.head]);

  const files = diff?.worktreeId === worktree.id ? diff.files : [];
  const file = files.find((item) => item.path === selectedPath) ?? null;
  const editable = scope === 'uncommitted';
  return (
    <aside className="changes-panel" aria-label="Changes">
      <header className="changes-header">
        <h2>Changes</h2>
        <ScopePicker scope={scope} commit={commit} />
        <ViewToggle />
        <CloseButton />
      </header>
      <ShipBar worktree={worktree} status={status} />
      {status && status.conflicts.length > 0 ? (
        <ConflictsCard
          conflicts={status.conflicts}
          operation={status.operation}
          sessionId={sessionId}
        />
      ) : null}
      {diffError ? <p className="changes-error">{diffError}</p> : null}
      <FileList worktreeId={worktree.id} files={files} editable={editable} />
      {editable && files.length > 0 ? <CommitBox worktreeId={worktree.id} files={files} /> : null}
      <DiffViewer worktreeId={worktree.id} file={file} />
    </aside>
  );
}

const SCOPES: { value: DiffScope; label: string }[] = [
  { value: 'uncommitted', label: 'Uncommitted' },
  { value: 'branch', label: 'All since base' },
  { value: 'commit', label: 'One commit' },
];

function ScopePicker({ scope, commit }: { scope: DiffScope; commit: string | null }) {
  const setScope = useChangesStore((s) => s.setScope);
  const commits = useChangesStore((s) => s.commits);
  return (
    <>
      <select
        aria-label="Which changes"
        value={scope}
        onChange={(event) => setScope(event.target.value as DiffScope, commits[0]?.sha ?? null)}
      >
        {SCOPES.map((item) => (
          <option key={item.value} value={item.value}>
            {item.label}
          </option>
        ))}
      </select>
      {scope === 'commit' ? (
        <select
          aria-label="Commit"
          value={commit ?? ''}
          onChange={(event) => setScope('commit', event.target.value || null)}
        >
          <option value="">Choose a commit…</option>
          {commits.map((item) => (
            <option key={item.sha} value={item.sha}>
              {item.sha.slice(0, 7)} {item.subject}
            </option>
          ))}
        </select>
      ) : null}
    </>
  );
}

function ViewToggle() {
  const view = useChangesStore((s) => s.view);
  const setView = useChangesStore((s) => s.setView);
  return (
    <div className="segmented" role="group" aria-label="Diff layout">
      {(['unified', 'split'] as const).map((value) => (
        <button
          key={value}
          type="button"
          aria-pressed={view === value}
          className={view === value ? 'active' : undefined}
          onClick={() => setView(value)}
        >
          {value === 'unified' ? 'Unified' : 'Split'}
        </button>
      ))}
    </div>
  );
}

function CloseButton() {
  const toggle = useChangesStore((s) => s.togglePanel);
  return (
    <button
      type="button"
      className="icon-button"
      aria-label="Close changes"
      title={`Close (${shortcutLabel('toggle-changes')})`}
      onClick={() => toggle(false)}
    >
      ×
    </button>
  );
}
