import type { Session } from '@contract';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import { useMcpStatusStore } from './mcp-status-store.js';
import { McpToggles, useMcpSelection } from './McpToggles.js';

/**
 * The session's MCP servers: switch each on or off for its next runs (to save context), kept
 * across restarts, with how each is doing in the last run. Shown only when there are servers.
 */
export function McpMenu({ session }: { session: Session }) {
  const [open, setOpen] = useState(false);
  const { selection, toggle } = useMcpSelection(
    () => api.call('getSessionMcp', { sessionId: session.id }),
    (enabled) => api.call('setSessionMcp', { sessionId: session.id }, { enabled }),
    [session.id, open],
  );
  const status = useMcpStatusStore((state) => state.bySession[session.id]);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) panel.current?.querySelector('input')?.focus();
  }, [open]);
  if (!selection || selection.servers.length === 0) return null;

  return (
    <div className="mcp-menu">
      <button
        type="button"
        className="picker"
        aria-expanded={open}
        aria-controls={`mcp-${session.id}`}
        title="MCP servers for this session"
        onClick={() => setOpen((value) => !value)}
      >
        MCP {selection.enabled.length}/{selection.servers.length}
      </button>
      {open ? (
        <div
          ref={panel}
          id={`mcp-${session.id}`}
          className="mcp-menu-panel"
          role="group"
          aria-label="MCP servers for this session"
          onKeyDown={(event) => {
            if (event.key === 'Escape') setOpen(false);
          }}
        >
          <McpToggles selection={selection} onToggle={toggle} status={status} />
        </div>
      ) : null}
    </div>
  );
}
