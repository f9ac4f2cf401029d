import type { McpSelection, Session } from '@contract';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import { toast } from '../common/Toast.js';

/**
 * The session's MCP servers: switch each on or off for its next runs (to save context), kept
 * across restarts. Shown only when there are servers to choose from.
 */
export function McpMenu({ session }: { session: Session }) {
  const [selection, setSelection] = useState<McpSelection | null>(null);
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    api.call('getSessionMcp', { sessionId: session.id }).then(setSelection, () => undefined);
  }, [session.id, open]);
  useEffect(() => {
    if (open) panel.current?.querySelector('input')?.focus();
  }, [open]);
  if (!selection || selection.servers.length === 0) return null;

  const toggle = (name: string, on: boolean) => {
    const enabled = on
      ? [...selection.enabled, name]
      : selection.enabled.filter((item) => item !== name);
    // Shown at once (a checkbox must follow the click); put back if the server refuses.
    setSelection({ ...selection, enabled });
    api
      .call('setSessionMcp', { sessionId: session.id }, { enabled })
      .then(setSelection, (error: unknown) => {
        setSelection(selection);
        toast.error(error);
      });
  };
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
          {selection.servers.map((server) => (
            <label key={server.id} className="check">
              <input
                type="checkbox"
                checked={selection.enabled.includes(server.name)}
                onChange={(event) => toggle(server.name, event.target.checked)}
              />
              {server.name}
            </label>
          ))}
        </div>
      ) : null}
    </div>
  );
}
