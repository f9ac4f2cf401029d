import { spawn, spawnSync } from 'node:child_process';

export interface Display {
  /** What to add to the environment of a program that opens windows. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const NO_DISPLAY_NEEDED: Display = { env: {}, stop: async () => {} };

/**
 * A display for a windowed program (Electron) on a Linux machine that has none, such as CI:
 * Xvfb on a display number it picks itself. Elsewhere, or where a display exists, nothing.
 */
export async function ensureDisplay(environment = process.env): Promise<Display> {
  if (process.platform !== 'linux' || environment.DISPLAY || environment.WAYLAND_DISPLAY) {
    return NO_DISPLAY_NEEDED;
  }
  if (spawnSync('Xvfb', ['-help'], { stdio: 'ignore' }).error) {
    throw new Error('Electron needs a display here: install Xvfb (apt-get install xvfb).');
  }
  // -displayfd: Xvfb takes the first free display and writes its number once it accepts clients.
  const server = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const number = await new Promise<string>((resolve, reject) => {
    let written = '';
    let errors = '';
    server.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    server.stdio[3]?.on('data', (chunk: Buffer) => {
      written += chunk.toString();
      if (written.includes('\n')) resolve(written.trim());
    });
    server.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${errors.trim()}`)));
    server.once('error', reject);
  });
  return {
    env: { DISPLAY: `:${number}` },
    stop: async () => {
      server.kill('SIGTERM');
      await exited;
    },
  };
}
