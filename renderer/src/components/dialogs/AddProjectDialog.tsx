import { useState } from 'react';
import { addProject } from '../../actions/projects.js';
import { ApiError, errorMessage } from '../../api/client.js';
import { projectToggleId } from '../../lib/dom-ids.js';
import { describeApiError } from '../../lib/plain-errors.js';
import { Dialog } from '../common/Dialog.js';
import { FolderSuggestions } from './FolderSuggestions.js';

interface Failure {
  message: string;
  /** The folder exists but is not a repository: offer to run `git init` there. */
  canInit: boolean;
}

/** Register a git repository by its path, picked, completed or typed; a plain folder can be initialized. */
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
  const [error, setError] = useState<Failure | null>(null);
  const pickFolder = window.grove?.pickFolder;

  const choose = (next: string) => {
    setPath(next);
    setError(null);
  };

  const submit = (init = false) => {
    if (!path.trim() || busy) return;
    setBusy(true);
    setError(null);
    addProject({
      path: path.trim(),
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(init ? { init: true } : {}),
    })
      .then((project) => onAdded(projectToggleId(project.id)))
      .catch((failure: unknown) => {
        const apiError = failure instanceof ApiError ? failure : null;
        setError({
          message: apiError
            ? describeApiError(apiError.code, apiError.message)
            : errorMessage(failure),
          canInit: apiError?.code === 'not-a-git-repo',
        });
        setBusy(false);
      });
  };

  return (
    <Dialog
      title="Add project"
      description="Pick a git repository on this machine (or a folder to make one). Nothing in it is changed."
      onClose={onClose}
    >
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <div className="field-row">
          <label className="field grow">
            <span>Repository folder</span>
            <input
              autoFocus
              value={path}
              onChange={(event) => choose(event.target.value)}
              placeholder="/home/you/code/my-app or ~/code/my-app"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'add-project-error' : undefined}
              required
            />
          </label>
          {pickFolder ? (
            <button
              type="button"
              className="button"
              onClick={() => {
                void pickFolder().then((picked) => picked && choose(picked));
              }}
            >
              Browse…
            </button>
          ) : null}
        </div>
        <FolderSuggestions typed={path} onPick={choose} />
        <label className="field">
          <span>
            Name <span className="muted">(optional; defaults to the folder name)</span>
          </span>
          <input value={name} onChange={(event) => setName(event.target.value)} maxLength={120} />
        </label>
        {error ? (
          <div id="add-project-error" className="form-error" role="alert">
            <p>{error.message}</p>
            {error.canInit ? (
              <button type="button" className="button" onClick={() => submit(true)}>
                Run git init here and add
              </button>
            ) : null}
          </div>
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
