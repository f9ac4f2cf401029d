import type { Worktree } from '@contract';
import { useMemo } from 'react';
import { shortcutLabel } from '../../lib/shortcuts.js';
import { toast } from '../common/Toast.js';
import { startRunScript, stopRunScript, toggleTerminalPanel } from './terminal-actions.js';
import { terminalsOf, useTerminalsStore } from './terminal-store.js';

/** The worktree header's tools: the terminal panel, the run script, setup's outcome, its folder. */
export function WorktreeTools({ worktree }: { worktree: Worktree }) {
  const byId = useTerminalsStore((s) => s.byId);
  const panelOpen = useTerminalsStore((s) => s.panelOpen);
  const running = useMemo(
    () =>
      terminalsOf(byId, worktree.id).find(
        (item) => item.kind === 'run' && item.status === 'running',
      ) ?? null,
    [byId, worktree.id],
  );
  const archived = worktree.archived_at !== null;
  return (
    <div className="worktree-tools">
      <SetupChip worktree={worktree} />
      <button
        type="button"
        className="button"
        aria-pressed={panelOpen}
        title={`Show or hide the terminal panel (${shortcutLabel('toggle-terminal')})`}
        onClick={() => void toggleTerminalPanel(worktree.id).catch(toast.error)}
      >
        Terminal
      </button>
      {running ? (
        <button
          type="button"
          className="button"
          title="Stop the run script and everything it started"
          onClick={() => void stopRunScript(worktree.id).catch(toast.error)}
        >
          Stop
        </button>
      ) : (
        <button
          type="button"
          className="button"
          disabled={archived}
          title="Start the run script from grove.json or the project's settings"
          onClick={() => void startRunScript(worktree.id).catch(toast.error)}
        >
          Run
        </button>
      )}
      <OpenFolder path={worktree.path} />
    </div>
  );
}

function SetupChip({ worktree }: { worktree: Worktree }) {
  const setup = worktree.setup;
  if (!setup || setup.status === 'succeeded') return null;
  if (setup.status === 'running') return <span className="chip">Setting up…</span>;
  const why = setup.error ?? `the setup script exited with code ${setup.exit_code ?? '?'}`;
  return (
    <span className="chip chip-warn" title={`${why}. The worktree can still be used.`}>
      Setup failed
    </span>
  );
}

/** In the desktop app the system opens the folder; in a browser the path is there to copy. */
function OpenFolder({ path }: { path: string }) {
  const bridge = window.grove;
  if (bridge?.openPath) {
    const openPath = bridge.openPath;
    return (
      <button
        type="button"
        className="button"
        title="Open the worktree's folder"
        onClick={() => void openPath(path).catch(toast.error)}
      >
        Open folder
      </button>
    );
  }
  return (
    <button
      type="button"
      className="button"
      title={path}
      onClick={() =>
        void navigator.clipboard
          ?.writeText(path)
          .then(() => toast.info('Path copied: open it in your editor'))
      }
    >
      Copy path
    </button>
  );
}
