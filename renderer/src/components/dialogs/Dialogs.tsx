import { useUiStore } from '../../stores/ui.js';
import { RestoreTurnDialog, TurnChangesDialog } from '../chat/TurnDialogs.js';
import { AddProjectDialog } from './AddProjectDialog.js';
import { DeleteSessionDialog, RemoveProjectDialog } from './ConfirmDialogs.js';
import { DeleteWorktreeDialog } from './DeleteWorktreeDialog.js';
import { NewWorktreeDialog } from './NewWorktreeDialog.js';
import { SettingsDialog } from './SettingsDialog.js';
import { SearchDialog } from './SearchDialog.js';
import { ShortcutsDialog } from './ShortcutsDialog.js';

/** The one open dialog, if any. */
export function Dialogs() {
  const dialog = useUiStore((s) => s.dialog);
  const closeDialog = useUiStore((s) => s.closeDialog);
  if (!dialog) return null;
  const close = () => closeDialog();
  switch (dialog.kind) {
    case 'add-project':
      return <AddProjectDialog onClose={close} onAdded={closeDialog} />;
    case 'new-worktree':
      return (
        <NewWorktreeDialog projectId={dialog.projectId} onClose={close} onCreated={closeDialog} />
      );
    case 'delete-worktree':
      return <DeleteWorktreeDialog worktreeId={dialog.worktreeId} onClose={close} />;
    case 'remove-project':
      return <RemoveProjectDialog projectId={dialog.projectId} onClose={close} />;
    case 'delete-session':
      return <DeleteSessionDialog sessionId={dialog.sessionId} onClose={close} />;
    case 'settings':
      return <SettingsDialog onClose={close} />;
    case 'shortcuts':
      return <ShortcutsDialog onClose={close} />;
    case 'search':
      return <SearchDialog onClose={close} />;
    case 'turn-changes':
      return (
        <TurnChangesDialog sessionId={dialog.sessionId} runId={dialog.runId} onClose={close} />
      );
    case 'restore-turn':
      return (
        <RestoreTurnDialog sessionId={dialog.sessionId} runId={dialog.runId} onClose={close} />
      );
  }
}
