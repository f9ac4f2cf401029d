import { renameProject } from '../../actions/projects.js';
import { useCurrentWorktree } from '../../hooks/useSelection.js';
import { projectToggleId } from '../../lib/dom-ids.js';
import { shortcutLabel } from '../../lib/shortcuts.js';
import { useProjectsStore } from '../../stores/projects.js';
import { useUiStore } from '../../stores/ui.js';
import { useWorktreesStore } from '../../stores/worktrees.js';
import { Icon } from '../common/Icon.js';
import { InlineRename, useRenameState } from '../common/InlineRename.js';
import { MenuButton } from '../common/Menu.js';
import { toast } from '../common/Toast.js';
import { WorktreeRow } from './WorktreeRow.js';
import type { Worktree } from '@contract';

const RENAME_HINT = 'Renames it in Grove only; the repository folder keeps its name.';

/** A project: its header (collapse, rename, new worktree, actions) and its worktrees. */
export function ProjectSection({ projectId }: { projectId: string }) {
  const project = useProjectsStore((s) => s.byId[projectId]);
  const ids = useWorktreesStore((s) => s.byProject[projectId]);
  const byId = useWorktreesStore((s) => s.byId);
  const collapsed = useUiStore((s) => s.collapsedProjects[projectId] === true);
  const showArchived = useUiStore((s) => s.showArchivedWorktrees[projectId] === true);
  const toggleProject = useUiStore((s) => s.toggleProject);
  const toggleArchived = useUiStore((s) => s.toggleArchivedWorktrees);
  const openDialog = useUiStore((s) => s.openDialog);
  const current = useCurrentWorktree();
  const { renaming, triggerRef, startRename, endRename, onTriggerKeyDown } =
    useRenameState<HTMLButtonElement>();
  if (!project) return null;

  const worktrees = (ids ?? []).map((id) => byId[id]).filter((w): w is Worktree => w !== undefined);
  const active = worktrees.filter((w) => w.archived_at === null);
  const archived = worktrees.filter((w) => w.archived_at !== null);
  const listId = `project-${projectId}-worktrees`;

  return (
    <section className="project" aria-label={project.name}>
      <div className="project-header">
        {renaming ? (
          <div className="project-toggle renaming">
            <Icon name="chevron" className={collapsed ? 'chevron' : 'chevron open'} size={12} />
            <InlineRename
              name={project.name}
              label="Project name"
              className="sidebar-rename"
              hint={RENAME_HINT}
              onRename={(name) => void renameProject(projectId, name).catch(toast.error)}
              onDone={endRename}
            />
          </div>
        ) : (
          <button
            ref={triggerRef}
            id={projectToggleId(projectId)}
            type="button"
            className="project-toggle"
            aria-expanded={!collapsed}
            aria-controls={listId}
            title={`${project.path} — F2 to rename`}
            onClick={() => toggleProject(projectId)}
            onKeyDown={onTriggerKeyDown}
          >
            <Icon name="chevron" className={collapsed ? 'chevron' : 'chevron open'} size={12} />
            <span className="project-name">{project.name}</span>
          </button>
        )}
        {/* Always shown: creating a worktree is the next step after adding a project. */}
        <button
          type="button"
          className="icon-button"
          aria-label="New worktree"
          title={`New worktree in ${project.name} (${shortcutLabel('new-worktree')})`}
          onClick={() => openDialog({ kind: 'new-worktree', projectId })}
        >
          <Icon name="plus" />
        </button>
        <MenuButton
          label={`Actions for project ${project.name}`}
          className="icon-button row-action"
          items={[
            { label: 'Rename project', title: RENAME_HINT, onSelect: startRename },
            {
              label: showArchived
                ? 'Hide archived worktrees'
                : `Show archived worktrees (${archived.length})`,
              onSelect: () => toggleArchived(projectId),
              disabled: archived.length === 0 && !showArchived,
            },
            {
              label: 'Copy path',
              onSelect: () => void navigator.clipboard?.writeText(project.path),
            },
            {
              label: 'Remove project…',
              danger: true,
              onSelect: () => openDialog({ kind: 'remove-project', projectId }),
            },
          ]}
        />
      </div>
      {collapsed ? null : (
        <ul id={listId} className="worktree-list">
          {active.map((worktree) => (
            <WorktreeRow
              key={worktree.id}
              worktree={worktree}
              current={current?.id === worktree.id}
            />
          ))}
          {showArchived && archived.length > 0 ? (
            <>
              <li className="worktree-group-label" aria-hidden="true">
                Archived
              </li>
              {archived.map((worktree) => (
                <WorktreeRow
                  key={worktree.id}
                  worktree={worktree}
                  current={current?.id === worktree.id}
                />
              ))}
            </>
          ) : null}
        </ul>
      )}
    </section>
  );
}
