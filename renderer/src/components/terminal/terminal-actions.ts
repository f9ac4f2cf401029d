import type { Terminal } from '@contract';
import { request } from '../../api/client.js';
import { terminalsOf, useTerminalsStore } from './terminal-store.js';

const enc = encodeURIComponent;

/** Every terminal there is (after a (re)load: events keep the list current from then on). */
export async function loadTerminals(): Promise<void> {
  useTerminalsStore.getState().reset(await request<Terminal[]>('GET', '/api/terminals'));
}

function shown(terminal: Terminal): Terminal {
  const store = useTerminalsStore.getState();
  store.upsert(terminal);
  store.activate(terminal.worktree_id, terminal.id);
  store.setPanelOpen(true);
  return terminal;
}

export async function openShell(worktreeId: string): Promise<Terminal> {
  const terminal = await request<Terminal>('POST', `/api/worktrees/${enc(worktreeId)}/terminals`, {
    kind: 'shell',
  });
  return shown(terminal);
}

export async function startRunScript(worktreeId: string): Promise<Terminal> {
  return shown(await request<Terminal>('POST', `/api/worktrees/${enc(worktreeId)}/run`, {}));
}

export async function stopRunScript(worktreeId: string): Promise<void> {
  const terminal = await request<Terminal | null>(
    'POST',
    `/api/worktrees/${enc(worktreeId)}/run/stop`,
  );
  if (terminal) useTerminalsStore.getState().upsert(terminal);
}

export async function closeTerminal(terminalId: string): Promise<void> {
  await request<null>('DELETE', `/api/terminals/${enc(terminalId)}`);
  useTerminalsStore.getState().remove(terminalId);
}

export async function resizeTerminal(
  terminalId: string,
  cols: number,
  rows: number,
): Promise<void> {
  await request<Terminal>('POST', `/api/terminals/${enc(terminalId)}/resize`, { cols, rows });
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
