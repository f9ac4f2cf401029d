// `opencode serve` from the dev dependency, as the reference for listing sessions.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listeningUrl, stopChild } from './server-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A fresh `opencode serve` with its config and data inside `home`, serving `repo`. */
export async function startOpencodeServe(home: string, repo: string) {
  await mkdir(home, { recursive: true });
  const child = spawn(
    path.join(root, 'node_modules', '.bin', 'opencode'),
    ['serve', '--hostname', '127.0.0.1', '--port', '0'],
    {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_DATA_HOME: path.join(home, '.local', 'share'),
        XDG_CACHE_HOME: path.join(home, '.cache'),
        XDG_STATE_HOME: path.join(home, '.local', 'state'),
        npm_config_offline: 'true',
        NO_UPDATE_NOTIFIER: '1',
      },
    },
  );
  const url = await listeningUrl(child);
  return {
    url,
    async createSessions(count: number) {
      for (let index = 0; index < count; index++) {
        const response = await fetch(`${url}/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: `Bench ${index}` }),
        });
        if (!response.ok) throw new Error(`opencode POST /session: ${response.status}`);
      }
    },
    stop: () => stopChild(child),
  };
}
