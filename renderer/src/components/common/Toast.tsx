import { useEffect } from 'react';
import { create } from 'zustand';
import { errorMessage } from '../../api/client.js';
import { Icon } from './Icon.js';

interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

interface ToastState {
  toasts: Toast[];
  push(kind: Toast['kind'], text: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToastStore = create<ToastState>()((set) => ({
  toasts: [],
  push: (kind, text) =>
    set((state) => ({ toasts: [...state.toasts.slice(-3), { id: nextId++, kind, text }] })),
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
}));

/** Short-lived messages for failures of quick actions (archive, rename, a picker change…). */
export function useToast() {
  const push = useToastStore((s) => s.push);
  return {
    error: (error: unknown) => push('error', errorMessage(error)),
    info: (text: string) => push('info', text),
  };
}

export const toast = {
  error: (error: unknown) => useToastStore.getState().push('error', errorMessage(error)),
  info: (text: string) => useToastStore.getState().push('info', text),
};

function ToastItem({ toast: item }: { toast: Toast }) {
  const dismiss = useToastStore((s) => s.dismiss);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(item.id), item.kind === 'error' ? 8000 : 3000);
    return () => clearTimeout(timer);
  }, [item, dismiss]);
  return (
    <div className={`toast toast-${item.kind}`}>
      {item.kind === 'error' ? <Icon name="alert" /> : <Icon name="check" />}
      <span className="toast-text">{item.text}</span>
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss notice"
        onClick={() => dismiss(item.id)}
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useToastStore((s) => s.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((item) => (
        <ToastItem key={item.id} toast={item} />
      ))}
    </div>
  );
}
