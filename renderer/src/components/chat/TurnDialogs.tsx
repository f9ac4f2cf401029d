import type { FileDiff } from '@contract';
import { useEffect, useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.js';
import { useSessionsStore } from '../../stores/sessions.js';
import { DiffViewer } from '../changes/DiffViewer.js';
import { Dialog } from '../common/Dialog.js';
import { Spinner } from '../common/Icon.js';
import { toast } from '../common/Toast.js';

interface TurnProps {
  sessionId: string;
  runId: string;
  onClose: () => void;
}

/** What one turn changed in the worktree: its files, and the diff of the one picked. */
export function TurnChangesDialog({ sessionId, runId, onClose }: TurnProps) {
  const worktreeId = useSessionsStore((s) => s.byId[sessionId]?.worktree_id ?? '');
  const [files, setFiles] = useState<readonly FileDiff[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(null);

  useEffect(() => {
    api.call('getTurnDiff', { sessionId, runId }).then(
      (diff) => setFiles(diff.files),
      (failure: unknown) => setError(errorMessage(failure)),
    );
  }, [sessionId, runId]);

  const file = files?.find((item) => item.path === picked) ?? files?.[0] ?? null;
  return (
    <Dialog title="Changes of this turn" onClose={onClose} width="wide">
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : files === null ? (
        <p>
          <Spinner /> Loading…
        </p>
      ) : files.length === 0 ? (
        <p className="muted">This turn changed no files.</p>
      ) : (
        <div className="turn-changes">
          <ul className="turn-files" aria-label="Files this turn changed">
            {files.map((item) => (
              <li key={item.path}>
                <button
                  type="button"
                  className={item === file ? 'selected' : undefined}
                  aria-pressed={item === file}
                  onClick={() => setPicked(item.path)}
                >
                  <span className="turn-file-path">{item.path}</span>
                  <span className="muted">
                    {item.status} +{item.additions} −{item.deletions}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <div className="turn-diff">
            <DiffViewer worktreeId={worktreeId} file={file} />
          </div>
        </div>
      )}
    </Dialog>
  );
}

/**
 * Confirm putting the worktree's files back as they were before a turn. When the server answers
 * that this would overwrite newer work, say which files and offer to restore anyway.
 */
export function RestoreTurnDialog({ sessionId, runId, onClose }: TurnProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [wouldLose, setWouldLose] = useState(false);

  const restore = (force: boolean) => {
    setBusy(true);
    api.call('restoreCheckpoint', { sessionId, runId }, { force }).then(
      (result) => {
        const count = result.restored_paths.length;
        toast.info(count === 1 ? 'Restored 1 file.' : `Restored ${count} files.`);
        onClose();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(errorMessage(failure));
        setWouldLose(failure instanceof ApiError && failure.code === 'checkpoint-would-lose-work');
      },
    );
  };

  return (
    <Dialog title="Restore to before this turn?" onClose={onClose}>
      <div className="form">
        <p>
          The worktree&apos;s files go back to what they were when this turn started: files the
          agent changed are put back, files it created are deleted. Staged changes and commits are
          not touched.
        </p>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} autoFocus>
            Keep the files
          </button>
          <button
            type="button"
            className="button danger"
            disabled={busy}
            onClick={() => restore(wouldLose)}
          >
            {wouldLose ? 'Restore anyway' : 'Restore'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
