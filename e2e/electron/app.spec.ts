// The desktop app end to end: the real Electron binary runs dist/electron/main.js over a fresh
// data dir on a free port, the window shows the sidebar, a project and a session are created
// through the UI, and quitting leaves no process and no lock behind. On Linux without a display
// it runs under Xvfb (.ci/run installs it where the binary exists). Where no Electron binary is
// installed (offline installs skip its download) the test prints why and is skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type Page } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.js';
import { ensureDisplay } from '../support/virtual-display.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SKIP_LINE = 'skipped: no Electron binary';

/** The Electron executable, or null when it is not installed. */
function electronBinary(): string | null {
  const binary = findElectronBinary(repoRoot);
  return binary.found ? binary.path : null;
}

function newestMtime(entry: string): number {
  const stat = statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(entry).map((child) => newestMtime(path.join(entry, child))),
  );
}

/** Build the main process (and the server modules it imports) when missing or stale. */
function ensureMainBuilt(): void {
  const main = path.join(repoRoot, 'dist', 'electron', 'main.js');
  const built = statSync(main, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = Math.max(
    newestMtime(path.join(repoRoot, 'electron')),
    newestMtime(path.join(repoRoot, 'server')),
  );
  if (built >= sources) return;
  const result = spawnSync('npx', ['tsc', '-p', 'electron/tsconfig.build.json'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (!existsSync(main))
    throw new Error(`Could not build the main process:\n${result.stdout}${result.stderr}`);
}

async function makeRepo(parent: string, name: string): Promise<string> {
  const dir = path.join(parent, name);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  git('config', 'user.email', 'e2e@example.com');
  git('config', 'user.name', 'Grove E2E');
  await writeFile(path.join(dir, 'README.md'), '# desktop e2e\n');
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  return dir;
}

/** Every process descended from `pid` (POSIX `ps`; empty elsewhere). */
function descendants(pid: number): number[] {
  if (process.platform === 'win32') return [];
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Connection {
  baseUrl: string;
  token: string;
}

function bridgeConnection(page: Page): Promise<Connection> {
  return page.evaluate(() =>
    (
      globalThis as unknown as { grove: { getConnection(): Promise<Connection> } }
    ).grove.getConnection(),
  );
}

test('the desktop app opens on the sidebar, creates a session and quits leaving nothing running', async () => {
  const binary = electronBinary();
  if (!binary) {
    console.log(SKIP_LINE);
    test.skip(true, SKIP_LINE);
    return;
  }
  ensureMainBuilt();
  const root = await mkdtemp(path.join(os.tmpdir(), 'grove-electron-e2e-'));
  const dataDir = path.join(root, 'data');
  const repo = await makeRepo(root, 'desktop-demo');
  // Chromium refuses to start as root with its sandbox on (containers, CI images).
  const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const display = await ensureDisplay();
  const app = await electron
    .launch({
      executablePath: binary,
      args: [...rootArgs, repoRoot],
      cwd: repoRoot,
      env: { ...process.env, ...display.env, GROVE_DATA_DIR: dataDir, GROVE_PORT: '0' },
    })
    .catch(async (error: unknown) => {
      await display.stop();
      throw error;
    });
  const pid = app.process().pid ?? 0;
  let children: number[] = [];
  try {
    const page = await app.firstWindow();

    // The sidebar is there, and the page reached the API through the bridge alone.
    await expect(page.getByRole('button', { name: 'Add project' })).toBeVisible({
      timeout: 30_000,
    });
    const connection = await bridgeConnection(page);
    expect(connection.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(connection.baseUrl).not.toBe('http://127.0.0.1:3456');
    expect(page.url()).toBe(`${connection.baseUrl}/`);
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    );

    // A project and a session, made as a user makes them.
    await page.getByRole('button', { name: 'Add project', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Repository folder').fill(repo);
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(dialog).toBeHidden();
    const sidebar = page.getByRole('navigation', { name: 'Projects and worktrees' });
    await expect(sidebar.getByRole('region', { name: 'desktop-demo', exact: true })).toBeVisible();
    const tabs = page.getByRole('tablist', { name: 'Sessions' }).getByRole('tab');
    const before = await tabs.count();
    await page.getByRole('button', { name: 'New session', exact: true }).click();
    await expect(tabs).toHaveCount(before + 1);

    const api = async (pathname: string) => {
      const response = await fetch(`${connection.baseUrl}${pathname}`, {
        headers: { authorization: `Bearer ${connection.token}` },
      });
      expect(response.status).toBe(200);
      return response.json() as Promise<Array<{ id: string; name: string }>>;
    };
    const [project] = await api('/api/projects');
    expect(project?.name).toBe('desktop-demo');
    const [base] = await api(`/api/projects/${project?.id}/worktrees`);
    expect(await api(`/api/worktrees/${base?.id}/sessions`)).toHaveLength(before + 1);

    children = descendants(pid);
  } finally {
    await app.close();
    await display.stop();
  }

  // Quit went through the whole sequence: exit 0, the store unlocked, no helper left.
  expect(app.process().exitCode).toBe(0);
  expect(existsSync(path.join(dataDir, 'grove.lock'))).toBe(false);
  await expect.poll(() => children.filter(isAlive), { timeout: 10_000 }).toEqual([]);
  await rm(root, { recursive: true, force: true });
});
