import type { CommitInfo } from '../contract/index.js';
import { GroveError } from '../errors.js';
import { gitOut, runGit } from './run.js';

const RECORD = '\x1e';
const FIELD = '\x1f';

/** The branch's commits since its base (all of HEAD's when there is none), newest first. */
export async function listCommits(
  dir: string,
  baseBranch: string | null,
  options: { limit: number; before?: string | undefined },
): Promise<CommitInfo[]> {
  if ((await runGit(dir, ['rev-parse', '--verify', '--quiet', 'HEAD'])).code !== 0) return [];
  const range = baseBranch ? [`${baseBranch}..HEAD`] : ['HEAD'];
  let skip = 0;
  if (options.before) {
    const order = (await gitOut(dir, ['rev-list', ...range, '--'])).split('\n').filter(Boolean);
    const index = order.findIndex((sha) => sha.startsWith(options.before?.toLowerCase() ?? ''));
    if (index < 0) {
      throw new GroveError('not-found', `No commit ${options.before} on this branch.`);
    }
    skip = index + 1;
  }
  const format = `${RECORD}%H${FIELD}%s${FIELD}%b${FIELD}%an <%ae>${FIELD}%aI${FIELD}`;
  const out = await gitOut(dir, [
    'log',
    `--format=${format}`,
    '--shortstat',
    `--skip=${skip}`,
    `--max-count=${options.limit}`,
    ...range,
    '--',
  ]);
  return out
    .split(RECORD)
    .filter((record) => record.includes(FIELD))
    .map(parseRecord);
}

function parseRecord(record: string): CommitInfo {
  const [sha = '', subject = '', body = '', author = '', date = '', stat = ''] =
    record.split(FIELD);
  const number = (pattern: RegExp) => Number(pattern.exec(stat)?.[1] ?? 0);
  return {
    sha,
    subject,
    body: body.trim(),
    author,
    date,
    files_changed: number(/(\d+) files? changed/),
    additions: number(/(\d+) insertions?\(\+\)/),
    deletions: number(/(\d+) deletions?\(-\)/),
  };
}
