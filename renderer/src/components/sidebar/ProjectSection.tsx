import { useCurrentWorktree } from '../../hooks/useSelection.js';
import { useProjectsStore } from '../../stores/projects.js';
import { useUiStore } from '../../stores/ui.js';
import { useWorktreesStore } from '../../stores/worktrees.js';
import { Icon } from '../common/Icon.js';
import { MenuButton } from '../common/Menu.js';
import { WorktreeRow } from './WorktreeRow.js';
import type { Worktree } from '@contract';

/** A project: its header (collapse, new worktree, actions) and its worktrees. */
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
  if (!project) return null;

  const worktrees = (ids ?? []).map((id) => byId[id]).filter((w): w is Worktree => w !== undefined);
  const active = worktrees.filter((w) => w.archived_at === null);
  const archived = worktrees.filter((w) => w.archived_at !== null);
  const listId = `project-${projectId}-worktrees`;

  return (
    <section className="project" aria-label={project.name}>
      <div className="project-header">
        <button
          type="button"
          className="project-toggle"
          aria-expanded={!collapsed}
          aria-controls={listId}
          title={project.path}
          onClick={() => toggleProject(projectId)}
        >
          <Icon name="chevron" className={collapsed ? 'chevron' : 'chevron open'} size={12} />
          <span className="project-name">{project.name}</span>
        </button>
        <button
          type="button"
          className="icon-button row-action"
          aria-label="New worktree"
          title={`New worktree in ${project.name}`}
          onClick={() => openDialog({ kind: 'new-worktree', projectId })}
        >
          <Icon name="plus" />
        </button>
        <MenuButton
          label={`Actions for project ${project.name}`}
          className="icon-button row-action"
          items={[
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
