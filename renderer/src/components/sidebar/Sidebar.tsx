import { useEffect, useRef, type ReactNode } from 'react';
import { toggleSidebar } from '../../actions/preferences.js';
import { useProjectsStore } from '../../stores/projects.js';
import { useUiStore } from '../../stores/ui.js';
import { shortcutLabel } from '../../lib/shortcuts.js';
import { Icon } from '../common/Icon.js';
import { toast } from '../common/Toast.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { ProjectSection } from './ProjectSection.js';

/**
 * Projects and worktrees; collapsed, a narrow rail that brings them back. `resizer`, its edge,
 * sits inside so it belongs to the landmark.
 */
export function Sidebar({
  collapsed,
  children: resizer,
}: {
  collapsed: boolean;
  children: ReactNode;
}) {
  const order = useProjectsStore((s) => s.order);
  const openDialog = useUiStore((s) => s.openDialog);
  useToggleKeepsFocus(collapsed);
  if (collapsed) {
    return (
      <nav id="sidebar" className="sidebar sidebar-rail" aria-label="Projects and worktrees">
        <SidebarToggle collapsed />
        <span className="spacer" />
        <ConnectionIndicator />
        <FooterButtons />
      </nav>
    );
  }
  return (
    <nav id="sidebar" className="sidebar" aria-label="Projects and worktrees">
      <header className="sidebar-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Grove
        </span>
        <span className="spacer" />
        <SidebarToggle collapsed={false} />
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
        <FooterButtons />
      </footer>
      {resizer}
    </nav>
  );
}

function FooterButtons() {
  const openDialog = useUiStore((s) => s.openDialog);
  return (
    <>
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
    </>
  );
}

const TOGGLE_ID = 'sidebar-toggle';

function SidebarToggle({ collapsed }: { collapsed: boolean }) {
  const label = collapsed ? 'Show sidebar' : 'Hide sidebar';
  return (
    <button
      id={TOGGLE_ID}
      type="button"
      className="icon-button"
      aria-label={label}
      aria-expanded={!collapsed}
      title={`${label} (${shortcutLabel('toggle-sidebar')})`}
      onClick={() => void toggleSidebar().catch(toast.error)}
    >
      <Icon name="sidebar" />
    </button>
  );
}

/**
 * The toggle that was clicked is replaced by its opposite: focus follows to it, instead of
 * falling back to the page. Focus anywhere else (the composer, after the shortcut) stays.
 */
function useToggleKeepsFocus(collapsed: boolean): void {
  const shown = useRef(collapsed);
  useEffect(() => {
    if (shown.current === collapsed) return;
    shown.current = collapsed;
    const focused = document.activeElement;
    if (focused === null || focused === document.body) document.getElementById(TOGGLE_ID)?.focus();
  }, [collapsed]);
}
