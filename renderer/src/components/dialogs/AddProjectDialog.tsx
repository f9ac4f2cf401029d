import { useState } from 'react';
import { addProject } from '../../actions/projects.js';
import { ApiError, errorMessage } from '../../api/client.js';
import { projectToggleId } from '../../lib/dom-ids.js';
import { describeApiError } from '../../lib/plain-errors.js';
import { Dialog } from '../common/Dialog.js';

/** Register an existing git repository by its path. */
export function AddProjectDialog({
  onClose,
  onAdded,
}: {
  onClose: () => void;
  /** Closes the dialog and hands focus to the element with this id: the new project. */
  onAdded: (focusId: string) => void;
}) {
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    if (!path.trim() || busy) return;
    setBusy(true);
    setError(null);
    addProject({ path: path.trim(), ...(name.trim() ? { name: name.trim() } : {}) })
      .then((project) => onAdded(projectToggleId(project.id)))
      .catch((failure: unknown) => {
        setError(
          failure instanceof ApiError
            ? describeApiError(failure.code, failure.message)
            : errorMessage(failure),
        );
        setBusy(false);
      });
  };

  return (
    <Dialog
      title="Add project"
      description="Grove works with an existing git repository on this machine. Nothing in it is changed."
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
          <span>Repository folder</span>
          <input
            autoFocus
            value={path}
            onChange={(event) => setPath(event.target.value)}
            placeholder="/home/you/code/my-app or ~/code/my-app"
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'add-project-error' : undefined}
            required
          />
        </label>
        <label className="field">
          <span>
            Name <span className="muted">(optional; defaults to the folder name)</span>
          </span>
          <input value={name} onChange={(event) => setName(event.target.value)} maxLength={120} />
        </label>
        {error ? (
          <p id="add-project-error" className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="button primary" disabled={busy || !path.trim()}>
            {busy ? 'Adding…' : 'Add'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
