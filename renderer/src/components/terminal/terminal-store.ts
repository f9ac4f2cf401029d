import type { GroveEvent, Terminal } from '@contract';
import { create } from 'zustand';

interface TerminalsState {
  byId: Record<string, Terminal>;
  /** Whether the panel under the chat is shown (one choice for every worktree). */
  panelOpen: boolean;
  /** The tab shown in each worktree's panel. */
  activeByWorktree: Record<string, string>;
  reset(terminals: readonly Terminal[]): void;
  upsert(terminal: Terminal): void;
  remove(terminalId: string): void;
  setPanelOpen(open: boolean): void;
  activate(worktreeId: string, terminalId: string): void;
}

export const useTerminalsStore = create<TerminalsState>()((set) => ({
  byId: {},
  panelOpen: false,
  activeByWorktree: {},
  reset: (terminals) => set({ byId: Object.fromEntries(terminals.map((item) => [item.id, item])) }),
  upsert: (terminal) => set((state) => ({ byId: { ...state.byId, [terminal.id]: terminal } })),
  remove: (terminalId) =>
    set((state) => {
      const byId = { ...state.byId };
      delete byId[terminalId];
      return { byId };
    }),
  setPanelOpen: (open) => set({ panelOpen: open }),
  activate: (worktreeId, terminalId) =>
    set((state) => ({ activeByWorktree: { ...state.activeByWorktree, [worktreeId]: terminalId } })),
}));

/** A worktree's terminals, oldest first. */
export function terminalsOf(byId: Record<string, Terminal>, worktreeId: string): Terminal[] {
  return Object.values(byId)
    .filter((terminal) => terminal.worktree_id === worktreeId)
    .sort((a, b) => a.created_at - b.created_at || a.title.localeCompare(b.title));
}

/** Keep the terminals in step with `/ws` events. */
export function applyTerminalEvent(event: GroveEvent): void {
  const store = useTerminalsStore.getState();
  switch (event.event) {
    case 'terminal-created':
      store.upsert(event.data.terminal);
      break;
    case 'terminal-exited': {
      const known = store.byId[event.data.terminal_id];
      if (known) store.upsert({ ...known, status: 'exited', exit_code: event.data.exit_code });
      break;
    }
    case 'terminal-deleted':
      store.remove(event.data.terminal_id);
      break;
    case 'worktree-deleted':
      for (const terminal of terminalsOf(store.byId, event.data.worktree_id)) {
        store.remove(terminal.id);
      }
      break;
    default:
      break;
  }
}
