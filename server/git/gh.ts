import { execFile } from 'node:child_process';
import type { GithubCliInfo, PullRequestResult } from '../contract/index.js';
import { findExecutable } from '../agents/discovery.js';
import { GroveError } from '../errors.js';

export const GH_INSTALL_HINT =
  'Install the GitHub CLI from https://cli.github.com and run `gh auth login`, or set its path in Settings.';

/** The GitHub CLI: the path set in preferences, else `gh` on PATH, like the agent CLIs. */
export async function findGithubCli(
  configuredPath: string | null,
  env: NodeJS.ProcessEnv,
): Promise<GithubCliInfo> {
  const found = await findExecutable('gh', configuredPath, env);
  const version = found
    ? await runGh(found, ['--version'], process.cwd(), env).catch(() => null)
    : null;
  return {
    found: found !== null,
    path: found,
    version: version ? (/\d+\.\d+\.\d+\S*/.exec(version.stdout)?.[0] ?? null) : null,
    install_hint: GH_INSTALL_HINT,
  };
}

export interface PullRequestPlan {
  dir: string;
  branch: string;
  baseBranch: string | null;
  title: string;
  body: string;
  draft: boolean;
  /** Where to open one by hand when gh cannot, for the error message. */
  compareUrl: string | null;
}

/** `gh pr create` in the worktree; answers the new pull request's address and number. */
export async function createPullRequest(
  gh: string,
  plan: PullRequestPlan,
  env: NodeJS.ProcessEnv,
): Promise<PullRequestResult> {
  const args = [
    'pr',
    'create',
    '--title',
    plan.title,
    '--body',
    plan.body,
    '--head',
    plan.branch,
    ...(plan.baseBranch ? ['--base', plan.baseBranch] : []),
    ...(plan.draft ? ['--draft'] : []),
  ];
  const result = await runGh(gh, args, plan.dir, env);
  const said = `${result.stderr}\n${result.stdout}`.trim();
  const byHand = plan.compareUrl ? ` You can open it by hand at ${plan.compareUrl}` : '';
  if (result.code !== 0) {
    if (/gh auth login|not logged in|authentication/i.test(said)) {
      throw new GroveError(
        'gh-not-authenticated',
        `The GitHub CLI is not logged in; run \`gh auth login\` and try again.${byHand}`,
      );
    }
    throw new GroveError('gh-failed', `gh pr create failed: ${lastLines(said)}${byHand}`);
  }
  const match = /(https?:\/\/\S+\/pull\/(\d+))/.exec(said);
  if (!match?.[1] || !match[2]) {
    throw new GroveError(
      'gh-failed',
      `gh pr create did not print the pull request's address: ${lastLines(said)}`,
    );
  }
  return { url: match[1], number: Number(match[2]) };
}

function lastLines(text: string): string {
  return text.split('\n').slice(-5).join('\n');
}

interface GhResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runGh(gh: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<GhResult> {
  return new Promise((resolve, reject) => {
    execFile(
      gh,
      args,
      {
        cwd,
        env: { ...env, GH_PROMPT_DISABLED: '1', NO_COLOR: '1', GH_NO_UPDATE_NOTIFIER: '1' },
        timeout: 120_000,
        maxBuffer: 4 * 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new GroveError('gh-failed', `The GitHub CLI could not be run: ${error.message}`));
          return;
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
