import { useEffect } from 'react';
import { approvePlan } from '../actions/chat.js';
import { toggleSidebar } from '../actions/preferences.js';
import { createSession } from '../actions/sessions.js';
import { matchShortcut, type ShortcutAction } from '../lib/shortcuts.js';
import { siblingSessionId, siblingWorktreeId } from '../lib/selection.js';
import { useProjectsStore } from '../stores/projects.js';
import { useWorktreesStore } from '../stores/worktrees.js';
import { useChangesStore } from '../stores/changes.js';
import { useUiStore } from '../stores/ui.js';
import { toast } from '../components/common/Toast.js';
import { toggleTerminalPanel } from '../components/terminal/terminal-actions.js';
import { currentSelection } from './useSelection.js';

function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function run(action: ShortcutAction): boolean {
  const ui = useUiStore.getState();
  const { worktree, open, session } = currentSelection();
  switch (action) {
    case 'new-session':
      if (!worktree || worktree.archived_at !== null) return false;
      void createSession(worktree.id).catch(toast.error);
      return true;
    case 'next-session':
    case 'previous-session': {
      if (!worktree) return false;
      const next = siblingSessionId(open, session?.id ?? null, action === 'next-session' ? 1 : -1);
      if (next) ui.selectSession(worktree.id, next);
      return true;
    }
    case 'new-worktree': {
      const projectId = worktree?.project_id ?? useProjectsStore.getState().order[0];
      if (!projectId) return false;
      ui.openDialog({ kind: 'new-worktree', projectId });
      return true;
    }
    case 'add-project':
      ui.openDialog({ kind: 'add-project' });
      return true;
    case 'next-worktree':
    case 'previous-worktree': {
      const worktrees = useWorktreesStore.getState();
      const next = siblingWorktreeId(
        useProjectsStore.getState().order,
        worktrees.byProject,
        worktrees.byId,
        worktree?.id ?? null,
        action === 'next-worktree' ? 1 : -1,
      );
      if (next) ui.selectWorktree(next);
      return next !== null;
    }
    case 'focus-composer':
      ui.focusComposer();
      return true;
    case 'open-settings':
      ui.openDialog({ kind: 'settings' });
      return true;
    case 'show-shortcuts':
      ui.openDialog({ kind: 'shortcuts' });
      return true;
    case 'rename-session':
      if (!session) return false;
      ui.startRename(session.id);
      return true;
    case 'approve-plan':
      if (!session?.awaiting_plan_approval) return false;
      void approvePlan(session.id, 'build').catch(toast.error);
      return true;
    case 'toggle-terminal':
      void toggleTerminalPanel(worktree?.id ?? null).catch(toast.error);
      return true;
    case 'toggle-changes':
      if (!worktree) return false;
      useChangesStore.getState().togglePanel();
      return true;
    case 'search-messages':
      ui.openDialog({ kind: 'search' });
      return true;
    case 'toggle-sidebar':
      void toggleSidebar().catch(toast.error);
      return true;
  }
}

/** App-wide shortcuts. Inactive while a dialog is open, except closing it (the dialog's own Escape). */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (useUiStore.getState().dialog) return;
      const action = matchShortcut(event, inTextField(event.target));
      if (action && run(action)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
