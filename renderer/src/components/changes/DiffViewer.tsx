import type { FileDiff } from '@contract';
import { PatchDiff, Virtualizer } from '@pierre/diffs/react';
import { useMemo, useState } from 'react';
import { loadFullFile } from '../../actions/changes.js';
import { errorMessage } from '../../api/client.js';
import { useChangesStore } from '../../stores/changes.js';
import { useTheme } from '../../stores/preferences.js';
import { DiffWorkerPool } from './DiffWorkerPool.js';

/**
 * 300 px rendered past each edge instead of the library's 1,000: each re-render of the window
 * (about every 50 lines scrolled) lays out a third fewer rows (3,114 layout objects at most, from
 * 4,564, measured by `npm run bench`).
 */
const VIRTUALIZER_CONFIG = { overscrollSize: 300 };

/**
 * One file's diff, rendered by @pierre/diffs from git's own patch: syntax highlighting, word-level
 * changes, unified or split. Inside its Virtualizer only the lines in view are in the DOM, and
 * large diffs highlight in workers (see DiffWorkerPool), so a 5,000-line diff opens and scrolls
 * quickly.
 */
export function DiffViewer(props: { worktreeId: string; file: FileDiff | null }) {
  return (
    <DiffWorkerPool>
      <FileDiffView {...props} />
    </DiffWorkerPool>
  );
}

function FileDiffView({ worktreeId, file }: { worktreeId: string; file: FileDiff | null }) {
  const view = useChangesStore((s) => s.view);
  const themeType = useTheme();
  const options = useMemo(
    () =>
      ({
        diffStyle: view,
        lineDiffType: 'word',
        overflow: 'scroll',
        themeType,
        hunkSeparators: 'line-info',
      }) as const,
    [view, themeType],
  );
  if (!file) return <div className="diff-empty muted">Select a file to see its changes.</div>;
  if (file.binary) {
    return <div className="diff-empty muted">{file.path} is a binary file; no text diff.</div>;
  }
  if (file.patch === null) return <TooLarge worktreeId={worktreeId} file={file} />;
  if (file.patch === '') {
    return <div className="diff-empty muted">{file.path}: only its mode or name changed.</div>;
  }
  return (
    <Virtualizer
      className="diff-scroll"
      contentClassName="diff-content"
      config={VIRTUALIZER_CONFIG}
    >
      <PatchDiff key={`${file.path}:${view}`} patch={file.patch} options={options} />
    </Virtualizer>
  );
}

function TooLarge({ worktreeId, file }: { worktreeId: string; file: FileDiff }) {
  const [state, setState] = useState<{ loading: boolean; error: string | null }>({
    loading: false,
    error: null,
  });
  return (
    <div className="diff-empty">
      <p>
        {file.path} changes {file.additions + file.deletions} lines; its diff is not loaded by
        default.
      </p>
      <button
        type="button"
        className="button"
        disabled={state.loading}
        onClick={() => {
          setState({ loading: true, error: null });
          loadFullFile(worktreeId, file.path).then(
            () => setState({ loading: false, error: null }),
            (error: unknown) => setState({ loading: false, error: errorMessage(error) }),
          );
        }}
      >
        {state.loading ? 'Loading…' : 'Show it anyway'}
      </button>
      {state.error ? <p className="changes-error">{state.error}</p> : null}
    </div>
  );
}
