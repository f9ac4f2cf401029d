import { useProjectsStore } from '../../stores/projects.js';
import { useUiStore } from '../../stores/ui.js';
import { shortcutLabel } from '../../lib/shortcuts.js';
import { Icon } from '../common/Icon.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { ProjectSection } from './ProjectSection.js';

export function Sidebar() {
  const order = useProjectsStore((s) => s.order);
  const openDialog = useUiStore((s) => s.openDialog);
  return (
    <nav className="sidebar" aria-label="Projects and worktrees">
      <header className="sidebar-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Grove
        </span>
        <button
          type="button"
          className="icon-button"
          aria-label="Add project"
          title={`Add project (${shortcutLabel('add-project')})`}
          onClick={() => openDialog({ kind: 'add-project' })}
        >
          <Icon name="plus" />
        </button>
      </header>
      <div className="sidebar-scroll">
        <div className="sidebar-section-label">Projects</div>
        {order.length === 0 ? (
          <p className="sidebar-empty">No projects yet. Add a git repository to start.</p>
        ) : (
          order.map((id) => <ProjectSection key={id} projectId={id} />)
        )}
      </div>
      <footer className="sidebar-footer">
        <ConnectionIndicator />
        <span className="spacer" />
        <button
          type="button"
          className="icon-button"
          aria-label="Keyboard shortcuts"
          title={`Keyboard shortcuts (${shortcutLabel('show-shortcuts')})`}
          onClick={() => openDialog({ kind: 'shortcuts' })}
        >
          <Icon name="keyboard" />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Settings"
          title={`Settings (${shortcutLabel('open-settings')})`}
          onClick={() => openDialog({ kind: 'settings' })}
        >
          <Icon name="gear" />
        </button>
      </footer>
    </nav>
  );
}
