import os from 'node:os';
import path from 'node:path';

/** The platform's app-data folder for Grove: the same folder Electron uses as `userData`. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Grove');
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Grove');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Grove');
}

/** The user's home folder: HOME (or USERPROFILE) as the shell sees it, else the OS's answer. */
export function homeFolder(): string {
  return process.env.HOME ?? process.env.USERPROFILE ?? os.homedir();
}

/** `~` and `~/…` under `home`; anything else as given. */
export function expandHome(input: string, home = homeFolder()): string {
  return input === '~' || input.startsWith('~/') ? path.join(home, input.slice(1)) : input;
}
