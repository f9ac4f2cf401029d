import { useState } from 'react';
import { createWorktree } from '../../actions/worktrees.js';
import { ApiError, errorMessage } from '../../api/client.js';
import { worktreeRowId } from '../../lib/dom-ids.js';
import { useProjectsStore } from '../../stores/projects.js';
import { useWorktreesStore } from '../../stores/worktrees.js';
import { Dialog } from '../common/Dialog.js';
import { BaseBranchPicker } from './BaseBranchPicker.js';

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/** `git worktree add` on a new branch: name, branch and base branch, all optional. */
export function NewWorktreeDialog({
  projectId,
  onClose,
  onCreated,
}: {
  projectId: string;
  onClose: () => void;
  /** Closes the dialog and hands focus to the element with this id: the new worktree. */
  onCreated: (focusId: string) => void;
}) {
  const project = useProjectsStore((s) => s.byId[projectId]);
  const baseBranch = useWorktreesStore(
    (s) =>
      (s.byProject[projectId] ?? []).map((id) => s.byId[id]).find((w) => w?.kind === 'base')
        ?.branch,
  );
  const [name, setName] = useState('');
  const [branch, setBranch] = useState('');
  const [base, setBase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: string | undefined; message: string } | null>(null);

  const submit = () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const input = {
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(branch.trim() ? { branch: branch.trim() } : {}),
      ...(base.trim() ? { base_branch: base.trim() } : {}),
    };
    createWorktree(projectId, input)
      .then((worktree) => onCreated(worktreeRowId(worktree.id)))
      .catch((failure: unknown) => {
        setError({
          field: failure instanceof ApiError ? failure.field : undefined,
          message: errorMessage(failure),
        });
        setBusy(false);
      });
  };

  const invalid = (field: string) => (error?.field === field ? true : undefined);
  return (
    <Dialog
      title="New worktree"
      description={`A new branch checked out in its own folder, beside ${project?.name ?? 'the repository'}.`}
      onClose={onClose}
    >
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label className="field">
          <span>
            Name <span className="muted">(optional; a name is picked for you)</span>
          </span>
          <input
            autoFocus
            value={name}
            maxLength={120}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={invalid('name')}
          />
        </label>
        <label className="field">
          <span>Branch</span>
          <input
            value={branch}
            onChange={(event) => setBranch(event.target.value)}
            placeholder={name.trim() ? slug(name) : 'same as the name'}
            spellCheck={false}
            aria-invalid={invalid('branch')}
          />
        </label>
        <BaseBranchPicker
          projectId={projectId}
          value={base}
          onChange={setBase}
          fallback={baseBranch ?? null}
          invalid={invalid('base_branch')}
        />
        {error ? (
          <p className="form-error" role="alert">
            {error.message}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create worktree'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
