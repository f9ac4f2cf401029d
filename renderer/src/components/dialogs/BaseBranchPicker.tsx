import type { BranchList } from '@contract';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';

/**
 * The base branch, picked from the repository's local and remote-tracking branches. The first
 * choice, '', leaves it to the server: the branch checked out in the project's folder.
 */
export function BaseBranchPicker({
  projectId,
  value,
  onChange,
  fallback,
  invalid,
}: {
  projectId: string;
  value: string;
  onChange: (branch: string) => void;
  /** The base checkout's branch as known before the list arrives. */
  fallback: string | null;
  invalid: true | undefined;
}) {
  const [branches, setBranches] = useState<BranchList | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    api
      .call('listProjectBranches', { projectId })
      .then((list) => current && setBranches(list))
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [projectId]);

  const current = branches?.current ?? fallback;
  return (
    <label className="field">
      <span>Base branch</span>
      <select
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalid}
        aria-busy={!branches && !failed ? true : undefined}
      >
        <option value="">{current ? `${current} (checked out)` : 'the current branch'}</option>
        {branches && branches.local.length > 0 ? (
          <optgroup label="Local">
            {branches.local.map((branch) => (
              <option key={branch} value={branch}>
                {branch}
              </option>
            ))}
          </optgroup>
        ) : null}
        {branches && branches.remote.length > 0 ? (
          <optgroup label="Remote">
            {branches.remote.map((branch) => (
              <option key={`remote:${branch}`} value={branch}>
                {branch}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
    </label>
  );
}
