import type { Worktree } from '@contract';
import { archiveWorktree, unarchiveWorktree } from '../../actions/worktrees.js';
import { useUiStore } from '../../stores/ui.js';
import { Icon } from '../common/Icon.js';
import { MenuButton, type MenuItem } from '../common/Menu.js';
import { useToast } from '../common/Toast.js';
import { WorktreeBadges } from './WorktreeBadges.js';

/** One worktree in the sidebar: select it, see its state, archive or delete it. */
export function WorktreeRow({ worktree, current }: { worktree: Worktree; current: boolean }) {
  const selectWorktree = useUiStore((s) => s.selectWorktree);
  const openDialog = useUiStore((s) => s.openDialog);
  const toast = useToast();
  const isBase = worktree.kind === 'base';
  const archived = worktree.archived_at !== null;
  const label = isBase ? worktree.branch : worktree.name;

  const items: MenuItem[] = [
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
      <button
        type="button"
        className="worktree-select"
        aria-current={current ? 'true' : undefined}
        title={`${worktree.path}${isBase ? ' (the repository’s own checkout)' : ''}`}
        onClick={() => selectWorktree(worktree.id)}
      >
        <Icon name={isBase ? 'home' : 'branch'} className="worktree-icon" />
        <span className="worktree-name">{label}</span>
        {isBase ? <span className="worktree-kind">base</span> : null}
        {!isBase && worktree.branch !== worktree.name ? (
          <span className="worktree-branch">{worktree.branch}</span>
        ) : null}
        <WorktreeBadges worktreeId={worktree.id} />
      </button>
      <MenuButton label={`Actions for ${label}`} items={items} className="icon-button row-action" />
    </li>
  );
}
