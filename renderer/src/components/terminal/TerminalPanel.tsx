import type { Terminal, Worktree } from '@contract';
import { lazy, Suspense, useMemo } from 'react';
import { toast } from '../common/Toast.js';
import { closeTerminal, openShell } from './terminal-actions.js';
import { terminalsOf, useTerminalsStore } from './terminal-store.js';
import './terminal.css';

// xterm.js is loaded the first time a terminal is shown, not with the app.
const TerminalView = lazy(() =>
  import('./TerminalView.js').then((module) => ({ default: module.TerminalView })),
);

/** Under the chat: one tab per terminal of the worktree (shells, setup, run), the chosen one shown. */
export function TerminalPanel({ worktree }: { worktree: Worktree }) {
  const open = useTerminalsStore((s) => s.panelOpen);
  const byId = useTerminalsStore((s) => s.byId);
  const activeId = useTerminalsStore((s) => s.activeByWorktree[worktree.id]);
  const activate = useTerminalsStore((s) => s.activate);
  const setPanelOpen = useTerminalsStore((s) => s.setPanelOpen);
  const terminals = useMemo(() => terminalsOf(byId, worktree.id), [byId, worktree.id]);
  const active = terminals.find((item) => item.id === activeId) ?? terminals.at(-1) ?? null;
  if (!open) return null;
  const newShell = () => void openShell(worktree.id).catch(toast.error);

  return (
    <section className="terminal-panel" aria-label="Terminal panel">
      <div className="terminal-tabs">
        {/* Only tabs inside the tablist: its buttons sit beside it. */}
        <div className="terminal-tablist" role="tablist" aria-label="Terminals">
          {terminals.map((terminal) => (
            <TerminalTab
              key={terminal.id}
              terminal={terminal}
              selected={terminal.id === active?.id}
              onSelect={() => activate(worktree.id, terminal.id)}
            />
          ))}
        </div>
        <button
          type="button"
          className="icon-button terminal-new"
          aria-label="New terminal"
          title="New terminal"
          onClick={newShell}
        >
          +
        </button>
        <span className="terminal-tabs-fill" />
        <button
          type="button"
          className="icon-button"
          aria-label="Hide the terminal panel"
          title="Hide the terminal panel"
          onClick={() => setPanelOpen(false)}
        >
          ×
        </button>
      </div>
      {active ? (
        <div className="terminal-body" role="tabpanel" aria-label={active.title}>
          <Suspense fallback={<p className="terminal-loading">Loading the terminal…</p>}>
            <TerminalView key={active.id} terminal={active} />
          </Suspense>
        </div>
      ) : (
        <div className="terminal-empty">
          <p>No terminal in this worktree.</p>
          <button type="button" className="button" onClick={newShell}>
            Open a shell
          </button>
        </div>
      )}
    </section>
  );
}

function TerminalTab(props: { terminal: Terminal; selected: boolean; onSelect: () => void }) {
  const { terminal, selected, onSelect } = props;
  const exited = terminal.status === 'exited';
  const close = () => void closeTerminal(terminal.id).catch(toast.error);
  return (
    <span className={`terminal-tab${selected ? ' selected' : ''}${exited ? ' exited' : ''}`}>
      <button
        type="button"
        role="tab"
        aria-selected={selected}
        className="terminal-tab-label"
        title={
          exited
            ? `${terminal.title}: exited with code ${terminal.exit_code ?? '?'} (Delete closes it)`
            : `${terminal.title} (Delete closes it)`
        }
        onClick={onSelect}
        onKeyDown={(event) => {
          if (event.key !== 'Delete') return;
          event.preventDefault();
          close();
        }}
      >
        {terminal.title}
        {exited ? <span className="terminal-exit"> (exit {terminal.exit_code ?? '?'})</span> : null}
      </button>
      {/* For the mouse; a tablist may hold only tabs, so the keyboard closes with Delete. */}
      <button
        type="button"
        className="icon-button terminal-close"
        tabIndex={-1}
        aria-hidden="true"
        title={`Close ${terminal.title} (stops what runs in it)`}
        onClick={close}
      >
        ×
      </button>
    </span>
  );
}
