import type { FileDiff } from '@contract';
import { useState } from 'react';
import { commitChanges } from '../../actions/changes.js';
import { useChangesStore } from '../../stores/changes.js';

/** A message and a button that commits the files left checked in the list. */
export function CommitBox({
  worktreeId,
  files,
}: {
  worktreeId: string;
  files: readonly FileDiff[];
}) {
  const [message, setMessage] = useState('');
  const excluded = useChangesStore((s) => s.excluded);
  const busy = useChangesStore((s) => s.busy);
  const chosen = files.filter((file) => !excluded[file.path]);
  const everything = chosen.length === files.length;
  const paths = chosen.flatMap((file) =>
    file.old_path ? [file.path, file.old_path] : [file.path],
  );
  const canCommit = message.trim() !== '' && chosen.length > 0 && busy === null;
  const submit = () => {
    if (!canCommit) return;
    void commitChanges(worktreeId, message.trim(), everything ? undefined : paths).then((ok) => {
      if (ok) setMessage('');
    });
  };
  return (
    <form
      className="commit-box"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        aria-label="Commit message"
        placeholder="Commit message"
        value={message}
        rows={2}
        onChange={(event) => setMessage(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
            event.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" className="button primary" disabled={!canCommit}>
        {busy === 'commit'
          ? 'Committing…'
          : `Commit ${chosen.length} ${chosen.length === 1 ? 'file' : 'files'}`}
      </button>
    </form>
  );
}
