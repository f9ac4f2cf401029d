import { execFile } from 'node:child_process';
import path from 'node:path';

// An app started from the Dock, Finder or a desktop launcher does not get the PATH the user's
// terminal has (on macOS it is /usr/bin:/bin:/usr/sbin:/sbin), so git from Homebrew and agent CLIs
// installed with npm -g would not be found. The user's login shell knows the real PATH; ask it once.

const MARK = '__GROVE_PATH__';

/** The PATH of the user's login shell, or null when it cannot be had quickly (or on Windows). */
export function loginShellPath(options: {
  shell: string | undefined;
  platform: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<string | null> {
  if (options.platform === 'win32' || !options.shell || !path.isAbsolute(options.shell)) {
    return Promise.resolve(null);
  }
  // Interactive as well as login, as that is where most people set PATH (.zshrc, .bashrc).
  const script = `printf '%s' "${MARK}\${PATH}${MARK}"`;
  return new Promise((resolve) => {
    execFile(
      options.shell as string,
      ['-ilc', script],
      {
        env: { ...(options.env ?? process.env), DISABLE_AUTO_UPDATE: 'true' },
        timeout: options.timeoutMs ?? 5000,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout) => {
        const found = new RegExp(`${MARK}(.*?)${MARK}`, 's').exec(stdout ?? '')?.[1]?.trim();
        resolve(!error && found ? found : null);
      },
    );
  });
}

/** `first`'s entries, then those of `second` not already there; empty entries dropped. */
export function mergePaths(
  first: string,
  second: string | undefined,
  delimiter = path.delimiter,
): string {
  const entries = [...first.split(delimiter), ...(second ?? '').split(delimiter)].filter(Boolean);
  return [...new Set(entries)].join(delimiter);
}
