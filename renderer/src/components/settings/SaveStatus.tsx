import type { PreferencesPatch } from '@contract';
import { create } from 'zustand';
import { updatePreferences } from '../../actions/preferences.js';
import { errorMessage } from '../../api/client.js';

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; what: string }
  | { kind: 'failed'; message: string };

const useSaveStore = create<{ state: SaveState }>()(() => ({ state: { kind: 'idle' } }));

/**
 * Save a settings change and say how it went in the dialog itself (a toast would sit under the
 * modal). Resolves once the server has it; never rejects: a refusal is shown instead.
 */
export async function saveSetting(what: string, save: () => Promise<void>): Promise<boolean> {
  useSaveStore.setState({ state: { kind: 'saving' } });
  try {
    await save();
    useSaveStore.setState({ state: { kind: 'saved', what } });
    return true;
  } catch (failure) {
    useSaveStore.setState({ state: { kind: 'failed', message: errorMessage(failure) } });
    return false;
  }
}

export function savePreference(what: string, patch: PreferencesPatch): Promise<boolean> {
  return saveSetting(what, () => updatePreferences(patch));
}

/** "Saving…", "Saved: <what>" or why not; read out by screen readers as it changes. */
export function SaveStatus() {
  const state = useSaveStore((s) => s.state);
  return (
    <p className={`save-status${state.kind === 'failed' ? ' form-error' : ''}`} role="status">
      {state.kind === 'saving'
        ? 'Saving…'
        : state.kind === 'saved'
          ? `Saved: ${state.what}`
          : state.kind === 'failed'
            ? `Not saved: ${state.message}`
            : ''}
    </p>
  );
}

/** A new dialog starts without the previous one's message. */
export function resetSaveStatus(): void {
  useSaveStore.setState({ state: { kind: 'idle' } });
}
