import type { Terminal } from '@contract';
import { api } from '../../api/client.js';
import { terminalsOf, useTerminalsStore } from './terminal-store.js';

/** Every terminal there is (after a (re)load: events keep the list current from then on). */
export async function loadTerminals(): Promise<void> {
  useTerminalsStore.getState().reset(await api.call('listAllTerminals'));
}

function shown(terminal: Terminal): Terminal {
  const store = useTerminalsStore.getState();
  store.upsert(terminal);
  store.activate(terminal.worktree_id, terminal.id);
  store.setPanelOpen(true);
  return terminal;
}

export async function openShell(worktreeId: string): Promise<Terminal> {
  const terminal = await api.call('createTerminal', { worktreeId }, { kind: 'shell' });
  return shown(terminal);
}

export async function startRunScript(worktreeId: string): Promise<Terminal> {
  return shown(await api.call('startRunScript', { worktreeId }, {}));
}

export async function stopRunScript(worktreeId: string): Promise<void> {
  const terminal = await api.call('stopRunScript', { worktreeId });
  if (terminal) useTerminalsStore.getState().upsert(terminal);
}

export async function closeTerminal(terminalId: string): Promise<void> {
  await api.call('deleteTerminal', { terminalId });
  useTerminalsStore.getState().remove(terminalId);
}

export async function resizeTerminal(
  terminalId: string,
  cols: number,
  rows: number,
): Promise<void> {
  await api.call('resizeTerminal', { terminalId }, { cols, rows });
}

/** Show or hide the panel; showing it in a worktree without terminals opens a shell there. */
export async function toggleTerminalPanel(worktreeId: string | null): Promise<void> {
  const store = useTerminalsStore.getState();
  if (store.panelOpen) {
    store.setPanelOpen(false);
    return;
  }
  store.setPanelOpen(true);
  if (worktreeId && terminalsOf(store.byId, worktreeId).length === 0) await openShell(worktreeId);
}
