import type { PushResult } from '../contract/index.js';
import { GroveError } from '../errors.js';
import { gitFailure, gitOut, gitSaid, runGit } from './run.js';

/** The remote to push to: the one asked for, the branch's own, `origin`, or the only one. */
export async function chooseRemote(dir: string, branch: string, asked?: string): Promise<string> {
  const remotes = (await gitOut(dir, ['remote'])).split('\n').filter(Boolean);
  if (asked !== undefined) {
    if (!remotes.includes(asked)) {
      throw new GroveError(
        'invalid-request',
        `remote: there is no remote named "${asked}".`,
        'remote',
      );
    }
    return asked;
  }
  const configured = await runGit(dir, ['config', '--get', `branch.${branch}.remote`]);
  const own = configured.stdout.trim();
  if (configured.code === 0 && remotes.includes(own)) return own;
  if (remotes.includes('origin')) return 'origin';
  if (remotes.length === 1 && remotes[0]) return remotes[0];
  throw new GroveError(
    'no-remote',
    remotes.length === 0
      ? 'This repository has no remote to push to; add one with `git remote add origin <url>`.'
      : `This repository has several remotes (${remotes.join(', ')}); say which one to push to.`,
  );
}

/** Push the branch and make the remote branch its upstream; a refusal carries git's words. */
export async function pushBranch(
  dir: string,
  branch: string,
  options: { remote?: string | undefined; forceWithLease: boolean },
): Promise<PushResult> {
  const remote = await chooseRemote(dir, branch, options.remote);
  const args = [
    'push',
    '--set-upstream',
    ...(options.forceWithLease ? ['--force-with-lease'] : []),
    remote,
    `refs/heads/${branch}:refs/heads/${branch}`,
  ];
  const result = await runGit(dir, args);
  const output = `${result.stderr}${result.stdout}`.trim();
  if (result.code !== 0) {
    if (/\[rejected\]|\[remote rejected\]|non-fast-forward|stale info|fetch first/i.test(output)) {
      throw new GroveError('push-rejected', `The push was rejected: ${gitSaid(result)}`);
    }
    throw gitFailure(args, result);
  }
  return { remote, branch, upstream: `${remote}/${branch}`, output };
}

/** The web address to open a pull request by hand, when the remote is on GitHub. */
export async function githubCompareUrl(
  dir: string,
  remote: string,
  baseBranch: string | null,
  branch: string,
): Promise<string | null> {
  const result = await runGit(dir, ['remote', 'get-url', remote]);
  if (result.code !== 0) return null;
  const match = /github\.com[:/]([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(result.stdout.trim());
  if (!match) return null;
  const range = baseBranch
    ? `${encodeURIComponent(baseBranch)}...${encodeURIComponent(branch)}`
    : encodeURIComponent(branch);
  return `https://github.com/${match[1]}/${match[2]}/compare/${range}?expand=1`;
}
