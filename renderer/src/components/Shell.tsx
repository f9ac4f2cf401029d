import { useEffect, useState, type CSSProperties } from 'react';
import { useShortcuts } from '../hooks/useShortcuts.js';
import { applyTheme } from '../lib/theme.js';
import { useSidebarLayout, useTheme } from '../stores/preferences.js';
import { useConnectionStore } from '../stores/connection.js';
import { syncEngine } from '../sync/engine.js';
import { Toasts } from './common/Toast.js';
import { Dialogs } from './dialogs/Dialogs.js';
import { Sidebar } from './sidebar/Sidebar.js';
import { SidebarResizer } from './sidebar/SidebarResizer.js';
import { Workspace } from './Workspace.js';

/** The app once connected: sidebar, workspace, dialogs, notices. */
export function Shell() {
  useShortcuts();
  const theme = useTheme();
  useEffect(() => applyTheme(theme), [theme]);
  const sidebar = useSidebarLayout();
  // The width while the edge is dragged; saved once the drag ends.
  const [dragWidth, setDragWidth] = useState<number | null>(null);
  const width = dragWidth ?? sidebar.width;
  const style = { '--sidebar-width': `${width}px` } as CSSProperties;
  return (
    <div className={sidebar.collapsed ? 'shell sidebar-collapsed' : 'shell'} style={style}>
      <Sidebar collapsed={sidebar.collapsed}>
        <SidebarResizer width={width} onPreview={setDragWidth} />
      </Sidebar>
      <main className="main">
        <ReconnectBanner />
        <Workspace />
      </main>
      <Dialogs />
      <Toasts />
    </div>
  );
}

function ReconnectBanner() {
  const status = useConnectionStore((s) => s.status);
  const attempts = useConnectionStore((s) => s.attempts);
  if (status !== 'reconnecting' && status !== 'syncing') return null;
  return (
    <div className={`banner banner-${status}`} role="status">
      {status === 'syncing' ? (
        'Catching up with changes…'
      ) : (
        <>
          Connection to Grove lost — reconnecting{attempts > 1 ? ` (attempt ${attempts})` : ''}.
          What you see may be out of date.
          <button type="button" className="text-button" onClick={() => syncEngine.retryNow()}>
            Retry now
          </button>
        </>
      )}
    </div>
  );
}
