import type { Worktree } from '@contract';
import { archiveWorktree, renameWorktree, unarchiveWorktree } from '../../actions/worktrees.js';
import { worktreeRowId } from '../../lib/dom-ids.js';
import { useUiStore } from '../../stores/ui.js';
import { Icon } from '../common/Icon.js';
import { InlineRename, useRenameState } from '../common/InlineRename.js';
import { MenuButton, type MenuItem } from '../common/Menu.js';
import { useToast } from '../common/Toast.js';
import { RunIndicator } from '../terminal/RunIndicator.js';
import { WorktreeBadges } from './WorktreeBadges.js';

/** The API renames only what Grove shows; say so wherever a rename starts. */
const RENAME_HINT = 'Renames it in Grove only; the branch and the folder keep their names.';

/** One worktree in the sidebar: select it, see its state, rename, archive or delete it. */
export function WorktreeRow({ worktree, current }: { worktree: Worktree; current: boolean }) {
  const selectWorktree = useUiStore((s) => s.selectWorktree);
  const openDialog = useUiStore((s) => s.openDialog);
  const toast = useToast();
  const { renaming, triggerRef, startRename, endRename, onTriggerKeyDown } =
    useRenameState<HTMLButtonElement>();
  const isBase = worktree.kind === 'base';
  const archived = worktree.archived_at !== null;
  // The base checkout is shown by its branch, which its name does not change: no rename there.
  const label = isBase ? worktree.branch : worktree.name;

  const items: MenuItem[] = [
    {
      label: 'Rename worktree',
      disabled: isBase,
      title: isBase ? 'The repository’s own checkout is shown by its current branch.' : RENAME_HINT,
      onSelect: startRename,
    },
    archived
      ? {
          label: 'Restore worktree',
          onSelect: () => void unarchiveWorktree(worktree.id).catch(toast.error),
        }
      : {
          label: 'Archive worktree',
          disabled: isBase,
          onSelect: () => void archiveWorktree(worktree.id).catch(toast.error),
        },
    {
      label: 'Copy path',
      onSelect: () =>
        void navigator.clipboard?.writeText(worktree.path).then(() => toast.info('Path copied')),
    },
    {
      label: 'Delete worktree…',
      danger: true,
      disabled: isBase,
      onSelect: () => openDialog({ kind: 'delete-worktree', worktreeId: worktree.id }),
    },
  ];

  return (
    <li className={`worktree-row${current ? ' current' : ''}${archived ? ' archived' : ''}`}>
      {renaming ? (
        <div className="worktree-select renaming">
          <Icon name="branch" className="worktree-icon" />
          <InlineRename
            name={worktree.name}
            label="Worktree name"
            className="sidebar-rename"
            hint={RENAME_HINT}
            onRename={(name) => void renameWorktree(worktree.id, name).catch(toast.error)}
            onDone={endRename}
          />
        </div>
      ) : (
        <button
          ref={triggerRef}
          id={worktreeRowId(worktree.id)}
          type="button"
          className="worktree-select"
          aria-current={current ? 'true' : undefined}
          title={`${worktree.path}${isBase ? ' (the repository’s own checkout)' : ' — double-click or F2 to rename'}`}
          onClick={() => selectWorktree(worktree.id)}
          onDoubleClick={isBase ? undefined : startRename}
          onKeyDown={isBase ? undefined : onTriggerKeyDown}
        >
          <Icon name={isBase ? 'home' : 'branch'} className="worktree-icon" />
          <span className="worktree-name">{label}</span>
          {isBase ? <span className="worktree-kind">base</span> : null}
          {!isBase && worktree.branch !== worktree.name ? (
            <span className="worktree-branch">{worktree.branch}</span>
          ) : null}
          <RunIndicator worktreeId={worktree.id} />
          <WorktreeBadges worktreeId={worktree.id} />
        </button>
      )}
      <MenuButton label={`Actions for ${label}`} items={items} className="icon-button row-action" />
    </li>
  );
}
