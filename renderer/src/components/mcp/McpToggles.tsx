import type { McpSelection, McpServerStatus } from '@contract';
import { useEffect, useState } from 'react';
import { toast } from '../common/Toast.js';

/**
 * A project's or session's MCP selection, loaded with `load` and changed with `save`. A toggle
 * shows at once (a checkbox must follow the click) and is put back if the server refuses.
 */
export function useMcpSelection(
  load: () => Promise<McpSelection>,
  save: (enabled: string[]) => Promise<McpSelection>,
  reloadOn: readonly unknown[],
) {
  const [selection, setSelection] = useState<McpSelection | null>(null);
  useEffect(() => {
    load().then(setSelection, () => undefined);
    // `load` is a new closure each render; what it reads is in `reloadOn`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, reloadOn);
  const toggle = (name: string, on: boolean) => {
    if (!selection) return;
    const enabled = on
      ? [...selection.enabled, name]
      : selection.enabled.filter((item) => item !== name);
    setSelection({ ...selection, enabled });
    save(enabled).then(setSelection, (error: unknown) => {
      setSelection(selection);
      toast.error(error);
    });
  };
  return { selection, toggle };
}

/**
 * One checkbox per server, checked when it is on; with `status` (a session's), each server's
 * state as its CLI last reported it, and a failed one's error.
 */
export function McpToggles(props: {
  selection: McpSelection;
  onToggle: (name: string, on: boolean) => void;
  status?: readonly McpServerStatus[] | undefined;
}) {
  return props.selection.servers.map((server) => {
    const state = props.status?.find((item) => item.name === server.name);
    return (
      <div key={server.id} className="mcp-toggle">
        <label className="check">
          <input
            type="checkbox"
            checked={props.selection.enabled.includes(server.name)}
            onChange={(event) => props.onToggle(server.name, event.target.checked)}
          />
          {server.name}
          {state ? (
            <span className={`mcp-status mcp-status-${state.status}`}>{state.status}</span>
          ) : null}
        </label>
        {state?.error ? <p className="mcp-status-error">{state.error}</p> : null}
      </div>
    );
  });
}
