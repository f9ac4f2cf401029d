import type { FileChangeStatus, FileDiff } from '@contract';
import { useState } from 'react';
import { discardFile } from '../../actions/changes.js';
import { useChangesStore } from '../../stores/changes.js';

const LETTER: Record<FileChangeStatus, string> = {
  added: 'A',
  modified: 'M',
  deleted: 'D',
  renamed: 'R',
  untracked: 'U',
  conflicted: '!',
};

/** The changed files with status and +/- counts; in the uncommitted scope, choose and discard. */
export function FileList({
  worktreeId,
  files,
  editable,
}: {
  worktreeId: string;
  files: readonly FileDiff[];
  editable: boolean;
}) {
  const selected = useChangesStore((s) => s.selectedPath);
  const excluded = useChangesStore((s) => s.excluded);
  const select = useChangesStore((s) => s.select);
  const toggle = useChangesStore((s) => s.toggleExcluded);
  const [confirming, setConfirming] = useState<string | null>(null);
  if (files.length === 0) return <p className="changes-none muted">No changes.</p>;
  return (
    <ul className="changes-files" aria-label="Changed files">
      {files.map((file) => (
        <li key={file.path} className={file.path === selected ? 'selected' : undefined}>
          {editable ? (
            <input
              type="checkbox"
              checked={!excluded[file.path]}
              onChange={() => toggle(file.path)}
              aria-label={`Include ${file.path} in the commit`}
            />
          ) : null}
          <span className={`file-status status-${file.status}`} title={file.status}>
            {LETTER[file.status]}
          </span>
          <button
            type="button"
            className="file-name"
            title={file.old_path ? `${file.old_path} → ${file.path}` : file.path}
            onClick={() => select(file.path)}
          >
            {file.path}
          </button>
          <span
            className="file-counts"
            aria-label={`${file.additions} added, ${file.deletions} removed`}
          >
            {file.binary ? (
              'bin'
            ) : (
              <>
                <span className="added">+{file.additions}</span>
                <span className="removed">−{file.deletions}</span>
              </>
            )}
          </span>
          {editable && confirming !== file.path ? (
            <button
              type="button"
              className="icon-button file-discard"
              aria-label={`Discard changes to ${file.path}`}
              title="Discard changes"
              onClick={() => setConfirming(file.path)}
            >
              ↺
            </button>
          ) : null}
          {confirming === file.path ? (
            <span className="file-confirm" role="group" aria-label="Confirm discard">
              Discard?
              <button
                type="button"
                className="button danger small"
                onClick={() => {
                  setConfirming(null);
                  void discardFile(worktreeId, file.path);
                }}
              >
                Discard
              </button>
              <button type="button" className="button small" onClick={() => setConfirming(null)}>
                Keep
              </button>
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
