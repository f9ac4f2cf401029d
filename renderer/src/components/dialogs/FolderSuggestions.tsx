import type { FolderListing } from '@contract';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';

/** How many matching folders are offered at once. */
const MAX_SUGGESTIONS = 8;

/** The folder part of what is typed (listed on the server) and the name being typed in it. */
export function splitTypedPath(typed: string): { folder: string | null; prefix: string } {
  const slash = typed.lastIndexOf('/');
  if (slash < 0) return { folder: null, prefix: typed };
  return { folder: typed.slice(0, slash + 1), prefix: typed.slice(slash + 1) };
}

/**
 * Completion for the add-project path: the folders (under the home folder) that match what is
 * typed, git repositories marked. Picking a repository fills its path; any other folder opens it.
 */
export function FolderSuggestions({
  typed,
  onPick,
}: {
  typed: string;
  onPick: (path: string) => void;
}) {
  const { folder, prefix } = splitTypedPath(typed.trim());
  const [listing, setListing] = useState<FolderListing | null>(null);
  useEffect(() => {
    let current = true;
    api
      .call('listFolders', folder ? { path: folder } : {})
      .then((next) => current && setListing(next))
      // Outside the home folder or not there: no suggestions, and the Add button still works.
      .catch(() => current && setListing(null));
    return () => {
      current = false;
    };
  }, [folder]);

  const lowered = prefix.toLowerCase();
  const matches = (listing?.folders ?? [])
    .filter((entry) => entry.name.toLowerCase().startsWith(lowered))
    .filter((entry) => entry.path !== typed.trim())
    .slice(0, MAX_SUGGESTIONS);
  if (matches.length === 0) return null;
  return (
    <ul className="folder-suggestions" aria-label="Folders">
      {matches.map((entry) => (
        <li key={entry.path}>
          <button
            type="button"
            className="folder-suggestion"
            aria-label={entry.git ? `${entry.name}, git repository` : entry.name}
            onClick={() => onPick(entry.git ? entry.path : `${entry.path}/`)}
          >
            <span className="folder-name">{entry.name}</span>
            {entry.git ? <span className="folder-tag">git repository</span> : null}
          </button>
        </li>
      ))}
    </ul>
  );
}
