import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  GroveConfig,
  ScriptNames,
  type Project,
  type ProjectScripts,
  type Script,
  type ScriptName,
  type Scripts,
} from '../contract/index.js';

export const CONFIG_FILE = 'grove.json';

export type ConfigRead = { scripts: Scripts | null; error: string | null };

/**
 * `grove.json` in `dir`: its scripts, null when there is no file, or an error sentence when it
 * is not valid JSON or not the expected shape. Never throws: a bad file must not break Grove.
 */
export async function readGroveConfig(dir: string): Promise<ConfigRead> {
  const file = path.join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { scripts: null, error: null };
    return { scripts: null, error: `${file} could not be read: ${String(error)}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { scripts: null, error: `${file} is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = GroveConfig.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? [...issue.path, ...unknownKey(issue)].join('.') : '';
    const said = issue?.code === 'unrecognized_keys' ? 'unknown key' : (issue?.message ?? '');
    return { scripts: null, error: `${file}: ${where ? `${where}: ` : ''}${said}` };
  }
  return { scripts: parsed.data.scripts ?? {}, error: null };
}

function unknownKey(issue: { code: string; keys?: readonly string[] }): string[] {
  return issue.code === 'unrecognized_keys' ? [issue.keys?.[0] ?? ''] : [];
}

/** The project's overrides laid over the file's scripts. */
export function effectiveScripts(file: Scripts | null, overrides: Scripts): Scripts {
  const merged: Scripts = {};
  for (const name of ScriptNames) {
    const script = overrides[name] ?? file?.[name];
    if (script !== undefined) merged[name] = script;
  }
  return merged;
}

/** What a project's scripts are, read from `dir` (the project's or a worktree's checkout). */
export async function projectScripts(project: Project, dir: string): Promise<ProjectScripts> {
  const read = await readGroveConfig(dir);
  const overrides = project.scripts ?? {};
  return {
    file: read.scripts,
    file_error: read.error,
    overrides,
    effective: effectiveScripts(read.scripts, overrides),
  };
}

/** One shell command line: the steps of a list run in order and stop at the first failure. */
export function commandLine(script: Script): string {
  return typeof script === 'string' ? script : script.map((step) => `(${step})`).join(' && ');
}

export function scriptOf(scripts: Scripts, name: ScriptName): string | null {
  const script = scripts[name];
  return script === undefined ? null : commandLine(script);
}
