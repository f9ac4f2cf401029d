import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { BACKENDS, type Backend, type BackendInfo } from '../contract/index.js';
import { adapterFor } from './registry.js';

export interface DiscoveryOptions {
  /** The path set in Preferences; null or absent means "look on PATH". */
  configuredPath?: string | null;
  /** Where PATH (and PATHEXT on Windows) come from; the server's own environment by default. */
  env?: NodeJS.ProcessEnv;
  /** How long `<exe> --version` may take (OpenCode 1.18.33 needs over 5 s here). */
  versionTimeoutMs?: number;
}

const DEFAULT_VERSION_TIMEOUT_MS = 20_000;
/** Long enough that a settings page and a run starting together probe once, short enough that an
 * install or a changed path shows up without restarting. */
const CACHE_TTL_MS = 30_000;

const cache = new Map<string, { at: number; info: Promise<BackendInfo> }>();
/** Versions by file identity (path, size, mtime): an upgrade changes the file, nothing else does. */
const versions = new Map<string, Promise<string | null>>();

/**
 * Finds a backend's CLI: the configured path when there is one (a bare name is looked up on
 * PATH), otherwise `executableName` on PATH, never anywhere else. Its version comes from
 * `<exe> --version`. Results are cached briefly per backend, path setting and PATH.
 */
export function discoverBackend(
  backend: Backend,
  options: DiscoveryOptions = {},
): Promise<BackendInfo> {
  const env = options.env ?? process.env;
  const key = JSON.stringify([backend, options.configuredPath ?? null, env['PATH'] ?? '']);
  const cached = cache.get(key);
  if (cached && Date.now() - cached.at < CACHE_TTL_MS) return cached.info;
  const info = probe(backend, options.configuredPath ?? null, env, options.versionTimeoutMs);
  cache.set(key, { at: Date.now(), info });
  return info;
}

export function discoverBackends(
  configuredPaths: Partial<Record<Backend, string | null>>,
  options: Omit<DiscoveryOptions, 'configuredPath'> = {},
): Promise<BackendInfo[]> {
  return Promise.all(
    BACKENDS.map((backend) =>
      discoverBackend(backend, { ...options, configuredPath: configuredPaths[backend] ?? null }),
    ),
  );
}

/** The executable to run, or null when the CLI cannot be found. */
export async function resolveExecutable(
  backend: Backend,
  configuredPath: string | null,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | null> {
  // Only the location: a run must not wait for `--version` (about 5 s for opencode).
  return locate(backend, configuredPath, env);
}

export function clearDiscoveryCache(): void {
  cache.clear();
  versions.clear();
}

async function probe(
  backend: Backend,
  configuredPath: string | null,
  env: NodeJS.ProcessEnv,
  timeoutMs = DEFAULT_VERSION_TIMEOUT_MS,
): Promise<BackendInfo> {
  const adapter = adapterFor(backend);
  const found = await locate(backend, configuredPath, env);
  return {
    backend,
    found: found !== null,
    path: found,
    version: found ? await cachedVersion(found, env, timeoutMs) : null,
    install_hint: adapter.installHint,
  };
}

/** The configured path (a bare name is looked up on PATH), else the CLI's own name on PATH. */
function locate(
  backend: Backend,
  configuredPath: string | null,
  env: NodeJS.ProcessEnv,
): Promise<string | null> {
  return findExecutable(adapterFor(backend).executableName, configuredPath, env);
}

/** Any CLI the way the agent CLIs are found: the configured path (a bare name is looked up on
 * PATH), else `name` on PATH. The GitHub CLI is found this way too. */
export function findExecutable(
  name: string,
  configuredPath: string | null,
  env: NodeJS.ProcessEnv,
): Promise<string | null> {
  const wanted = configuredPath?.trim() || name;
  return isBareName(wanted) ? searchPath(wanted, env) : executableAt(path.resolve(wanted));
}

function isBareName(name: string): boolean {
  return !name.includes('/') && !name.includes('\\');
}

async function searchPath(name: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const dirs = (env['PATH'] ?? '').split(path.delimiter).filter((dir) => dir !== '');
  // Windows finds `claude.cmd` for `claude`; elsewhere the name is the file name.
  const extensions =
    process.platform === 'win32'
      ? ['', ...(env['PATHEXT'] ?? '.COM;.EXE;.BAT;.CMD').split(';')]
      : [''];
  for (const dir of dirs) {
    for (const extension of extensions) {
      const found = await executableAt(path.join(dir, name + extension));
      if (found) return found;
    }
  }
  return null;
}

async function executableAt(candidate: string): Promise<string | null> {
  try {
    if (!(await stat(candidate)).isFile()) return null;
    await access(candidate, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return candidate;
  } catch {
    return null;
  }
}

async function cachedVersion(
  executable: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<string | null> {
  const file = await stat(executable).catch(() => null);
  const key = JSON.stringify([executable, file?.size, file?.mtimeMs]);
  let version = versions.get(key);
  if (!version) {
    version = readVersion(executable, env, timeoutMs);
    versions.set(key, version);
    // A timeout or crash may be passing; try again next time rather than remember it.
    void version.then((value) => value === null && versions.delete(key));
  }
  return version;
}

/** `2.1.197 (Claude Code)`, `codex-cli 0.171.0`, `1.18.33`: the version number, else the line. */
function readVersion(
  executable: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      executable,
      ['--version'],
      { env, timeout: timeoutMs, windowsHide: true },
      (error, stdout) => {
        const firstLine = stdout.trim().split(/\r?\n/)[0]?.trim() ?? '';
        if (error || !firstLine) return resolve(null);
        resolve(/\d+\.\d+\.\d+[0-9A-Za-z.+-]*/.exec(firstLine)?.[0] ?? firstLine);
      },
    );
  });
}
