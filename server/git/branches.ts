import type { BranchList } from '../contract/index.js';
import { currentBranch, git } from './git.js';

/** Local branches and remote-tracking ones (`origin/HEAD` aside), each sorted by name. */
export async function listBranches(dir: string): Promise<BranchList> {
  const out = await git(dir, [
    'for-each-ref',
    '--format=%(refname)',
    'refs/heads/',
    'refs/remotes/',
  ]);
  const local: string[] = [];
  const remote: string[] = [];
  for (const ref of out.split('\n').filter(Boolean)) {
    if (ref.startsWith('refs/heads/')) local.push(ref.slice('refs/heads/'.length));
    else if (!ref.endsWith('/HEAD')) remote.push(ref.slice('refs/remotes/'.length));
  }
  const byName = (a: string, b: string) => a.localeCompare(b);
  return {
    current: await currentBranch(dir),
    local: local.sort(byName),
    remote: remote.sort(byName),
  };
}
