import type { Worktree } from '@contract';
import { useEffect, useState } from 'react';
import { deleteWorktree } from '../../actions/worktrees.js';
import { api, ApiError, errorMessage } from '../../api/client.js';
import { useWorktreesStore } from '../../stores/worktrees.js';
import { Dialog } from '../common/Dialog.js';
import { Spinner } from '../common/Icon.js';

/** Remove a worktree's folder; says plainly when that throws away uncommitted changes. */
export function DeleteWorktreeDialog({
  worktreeId,
  onClose,
}: {
  worktreeId: string;
  onClose: () => void;
}) {
  const worktree = useWorktreesStore((s) => s.byId[worktreeId]);
  const [fresh, setFresh] = useState<Worktree | null>(null);
  const [deleteBranch, setDeleteBranch] = useState(false);
  const [discard, setDiscard] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [forcedDirty, setForcedDirty] = useState(false);

  useEffect(() => {
    let live = true;
    api.call('getWorktree', { worktreeId }).then(
      (result) => live && setFresh(result),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [worktreeId]);

  if (!worktree) return null;
  const dirty = forcedDirty || fresh?.status?.dirty === true;
  const checking = fresh === null;

  const submit = () => {
    setBusy(true);
    setError(null);
    deleteWorktree(worktreeId, { force: dirty && discard, deleteBranch })
      .then(onClose)
      .catch((failure: unknown) => {
        if (failure instanceof ApiError && failure.code === 'worktree-dirty') setForcedDirty(true);
        setError(errorMessage(failure));
        setBusy(false);
      });
  };

  return (
    <Dialog title={`Delete worktree “${worktree.name}”?`} onClose={onClose}>
      <div className="form">
        <p>
          The folder <code>{worktree.path}</code> is removed from disk. Its sessions and their
          history are deleted too.
        </p>
        {checking ? (
          <p className="muted">
            <Spinner /> Checking for uncommitted changes…
          </p>
        ) : dirty ? (
          <div className="card card-error" role="alert">
            <div className="card-text">
              <strong>This worktree has uncommitted changes</strong>
              <p className="card-detail">
                Deleting it throws them away. Commit or stash them first to keep them.
              </p>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={discard}
                  onChange={(event) => setDiscard(event.target.checked)}
                />
                Discard the uncommitted changes
              </label>
            </div>
          </div>
        ) : (
          <p className="muted">No uncommitted changes.</p>
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={deleteBranch}
            onChange={(event) => setDeleteBranch(event.target.checked)}
          />
          Also delete the branch <code>{worktree.branch}</code>
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} autoFocus>
            Keep it
          </button>
          <button
            type="button"
            className="button danger"
            disabled={busy || checking || (dirty && !discard)}
            onClick={submit}
          >
            {busy ? 'Deleting…' : 'Delete worktree'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
