import { useState } from 'react';
import { removeProject } from '../../actions/projects.js';
import { deleteSession } from '../../actions/sessions.js';
import { errorMessage } from '../../api/client.js';
import { useProjectsStore } from '../../stores/projects.js';
import { useSessionsStore } from '../../stores/sessions.js';
import { Dialog } from '../common/Dialog.js';

function Confirm({
  title,
  body,
  action,
  run,
  onClose,
}: {
  title: string;
  body: React.ReactNode;
  action: string;
  run: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="form">
        {body}
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
            disabled={busy}
            onClick={() => {
              setBusy(true);
              run()
                .then(onClose)
                .catch((failure: unknown) => {
                  setError(errorMessage(failure));
                  setBusy(false);
                });
            }}
          >
            {action}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

export function DeleteSessionDialog({
  sessionId,
  onClose,
}: {
  sessionId: string;
  onClose: () => void;
}) {
  const session = useSessionsStore((s) => s.byId[sessionId]);
  if (!session) return null;
  return (
    <Confirm
      title={`Delete “${session.name}”?`}
      body={
        <p>
          The session and its whole history ({session.message_count} message
          {session.message_count === 1 ? '' : 's'}) are deleted for good.{' '}
          {session.archived_at === null ? 'To hide it but keep it, archive it instead.' : ''}
        </p>
      }
      action="Delete session"
      run={() => deleteSession(sessionId)}
      onClose={onClose}
    />
  );
}

export function RemoveProjectDialog({
  projectId,
  onClose,
}: {
  projectId: string;
  onClose: () => void;
}) {
  const project = useProjectsStore((s) => s.byId[projectId]);
  if (!project) return null;
  return (
    <Confirm
      title={`Remove “${project.name}” from Grove?`}
      body={
        <p>
          Grove forgets the project and its sessions. The repository at <code>{project.path}</code>{' '}
          and its worktree folders stay on disk untouched.
        </p>
      }
      action="Remove project"
      run={() => removeProject(projectId)}
      onClose={onClose}
    />
  );
}
