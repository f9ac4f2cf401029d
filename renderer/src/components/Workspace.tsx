import type { Session, Worktree } from '@contract';
import { lazy, Suspense, useEffect, useState } from 'react';
import { createSession } from '../actions/sessions.js';
import { useCurrentSession, useCurrentWorktree, useOpenSessions } from '../hooks/useSelection.js';
import { shortcutLabel } from '../lib/shortcuts.js';
import { useChangesStore } from '../stores/changes.js';
import { useProjectsStore } from '../stores/projects.js';
import { useUiStore } from '../stores/ui.js';
import { useWorktreesStore } from '../stores/worktrees.js';
import { ChatView } from './chat/ChatView.js';
import { Icon } from './common/Icon.js';
import { toast } from './common/Toast.js';
import { unarchiveWorktree } from '../actions/worktrees.js';
import { SessionTabs } from './sessions/SessionTabs.js';
import { UsageTotals } from './sessions/UsageTotals.js';
import { TerminalPanel } from './terminal/TerminalPanel.js';
import { WorktreeTools } from './terminal/WorktreeTools.js';

// The diff renderer and its highlighter are big: load them when the panel first opens.
const ChangesPanel = lazy(() =>
  import('./changes/ChangesPanel.js').then((module) => ({ default: module.ChangesPanel })),
);

/** The main area: the current worktree's header, its session tabs and the current session. */
export function Workspace() {
  const worktree = useCurrentWorktree();
  const open = useOpenSessions(worktree?.id ?? null);
  const session = useCurrentSession(worktree?.id ?? null, open);
  const hasProjects = useProjectsStore((s) => s.order.length > 0);
  const openDialog = useUiStore((s) => s.openDialog);
  const changesOpen = useChangesStore((s) => s.panelOpen);
  const title = session ? `${session.name} — Grove` : 'Grove';
  useEffect(() => {
    document.title = title;
  }, [title]);

  if (!worktree) {
    return (
      <div className="welcome">
        <div className="welcome-mark" aria-hidden="true" />
        <h1>Welcome to Grove</h1>
        <p>Run coding agents side by side, each in its own git worktree.</p>
        {hasProjects ? null : (
          <button
            type="button"
            className="button primary"
            onClick={() => openDialog({ kind: 'add-project' })}
          >
            <Icon name="folder" size={14} />
            Add a repository
          </button>
        )}
      </div>
    );
  }

  return (
    <div className="workspace">
      <WorktreeHeader worktree={worktree} session={session} />
      {worktree.archived_at !== null ? (
        <div className="card card-info">
          <Icon name="archive" />
          <div className="card-text">
            <strong>This worktree is archived</strong>
            <p className="card-detail">
              Its files and branch are kept. Restore it to work in it again.
            </p>
          </div>
          <div className="card-actions">
            <button
              type="button"
              className="button"
              onClick={() => void unarchiveWorktree(worktree.id).catch(toast.error)}
            >
              Restore worktree
            </button>
          </div>
        </div>
      ) : null}
      <div className="workspace-body">
        <div className="workspace-main">
          <SessionTabs worktreeId={worktree.id} sessions={open} currentId={session?.id ?? null} />
          {session ? <ChatView session={session} /> : <NoSession worktree={worktree} />}
          <TerminalPanel worktree={worktree} />
        </div>
        {changesOpen ? (
          <Suspense fallback={<aside className="changes-panel" aria-label="Changes" aria-busy />}>
            <ChangesPanel worktree={worktree} sessionId={session?.id ?? null} />
          </Suspense>
        ) : null}
      </div>
    </div>
  );
}

function WorktreeHeader({ worktree, session }: { worktree: Worktree; session: Session | null }) {
  const project = useProjectsStore((s) => s.byId[worktree.project_id]);
  const status = useWorktreesStore((s) => s.status[worktree.id]);
  return (
    <header className="worktree-header">
      <div className="worktree-title">
        <span className="crumb">{project?.name}</span>
        <span className="crumb-sep" aria-hidden="true">
          /
        </span>
        <h1>{worktree.kind === 'base' ? worktree.branch : worktree.name}</h1>
        <span className="branch-chip" title="Branch">
          <Icon name="branch" size={12} />
          {worktree.branch}
          {worktree.base_branch ? (
            <span className="muted"> from {worktree.base_branch}</span>
          ) : null}
        </span>
        {status?.dirty ? <span className="chip chip-warn">Uncommitted changes</span> : null}
        <WorktreeTools worktree={worktree} />
        <ChangesButton />
      </div>
      <div className="worktree-subtitle">
        <div className="worktree-path" title={worktree.path}>
          {worktree.path}
        </div>
        <UsageTotals worktreeId={worktree.id} session={session} />
      </div>
    </header>
  );
}

function ChangesButton() {
  const open = useChangesStore((s) => s.panelOpen);
  const toggle = useChangesStore((s) => s.togglePanel);
  return (
    <button
      type="button"
      className={`button changes-toggle${open ? ' active' : ''}`}
      aria-pressed={open}
      title={`Changes (${shortcutLabel('toggle-changes')})`}
      onClick={() => toggle()}
    >
      Changes
    </button>
  );
}

/**
 * A worktree without open sessions. In a project that has only its own checkout (just added),
 * the next step is a worktree for the first task, so that comes first.
 */
function NoSession({ worktree }: { worktree: Worktree }) {
  const worktreeId = worktree.id;
  const [busy, setBusy] = useState(false);
  const openDialog = useUiStore((s) => s.openDialog);
  const onlyBase = useWorktreesStore(
    (s) => worktree.kind === 'base' && (s.byProject[worktree.project_id] ?? []).length <= 1,
  );
  return (
    <div className="empty-state">
      <h2>No open sessions</h2>
      <p>
        {onlyBase
          ? 'Next step: give your first task its own worktree, a branch in its own folder, so agents never step on each other. Or start a session right here, in the repository’s own checkout.'
          : 'A session is one conversation with an agent in this worktree.'}
      </p>
      {onlyBase ? (
        <button
          type="button"
          className="button primary"
          title={`New worktree (${shortcutLabel('new-worktree')})`}
          onClick={() => openDialog({ kind: 'new-worktree', projectId: worktree.project_id })}
        >
          <Icon name="branch" size={14} />
          New worktree
        </button>
      ) : null}
      <button
        type="button"
        className={onlyBase ? 'button' : 'button primary'}
        disabled={busy}
        onClick={() => {
          setBusy(true);
          createSession(worktreeId)
            .catch(toast.error)
            .finally(() => setBusy(false));
        }}
      >
        Start a session
      </button>
      <p className="muted">or press {shortcutLabel('new-session')}</p>
    </div>
  );
}
