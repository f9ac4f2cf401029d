import path from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../server/store/durable-file.js';

// `desktop.json` in the app-data folder: what the shell itself remembers between launches (the
// window's place and the port the user chose when 3456 was taken). Everything else Grove keeps
// belongs to the server's store. A missing or unreadable file means defaults, never a failed start.

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DesktopState {
  version: 1;
  port?: number;
  window?: Bounds & { maximized: boolean };
}

export const DESKTOP_FILE = 'desktop.json';

/** How the file is read and written; the defaults are the server's durable-file helpers. */
export interface StateFs {
  read(file: string): Promise<string | null>;
  write(file: string, contents: string): Promise<void>;
}

const durableFs: StateFs = {
  read: readFileIfExists,
  write: (file, contents) => writeFileAtomic(file, contents, { mode: 0o600 }),
};

export class DesktopStateFile {
  private state: DesktopState = { version: 1 };
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly fs: StateFs = durableFs,
    private readonly log: (message: string) => void = (message) => console.error(message),
  ) {}

  static in(dir: string, fs?: StateFs, log?: (message: string) => void): DesktopStateFile {
    return new DesktopStateFile(path.join(dir, DESKTOP_FILE), fs, log);
  }

  get current(): DesktopState {
    return this.state;
  }

  async load(): Promise<DesktopState> {
    let text: string | null = null;
    try {
      text = await this.fs.read(this.file);
    } catch (error) {
      this.log(`Grove: could not read ${this.file} (${String(error)}); using defaults.`);
    }
    this.state =
      text === null
        ? { version: 1 }
        : parseState(text, (why) => this.log(`Grove: ${this.file} ${why}; using defaults.`));
    return this.state;
  }

  /** Merge `patch` in and write the whole file atomically; writes never interleave. */
  update(patch: Partial<Omit<DesktopState, 'version'>>): Promise<void> {
    this.state = { ...this.state, ...patch, version: 1 };
    const contents = `${JSON.stringify(this.state, null, 2)}\n`;
    this.writing = this.writing
      .catch(() => undefined)
      .then(() => this.fs.write(this.file, contents));
    return this.writing;
  }
}

/** Whatever is valid in `text`; invalid fields are dropped one by one rather than all at once. */
export function parseState(
  text: string,
  warn: (why: string) => void = () => undefined,
): DesktopState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    warn('is not valid JSON');
    return { version: 1 };
  }
  if (typeof raw !== 'object' || raw === null) {
    warn('is not an object');
    return { version: 1 };
  }
  const record = raw as Record<string, unknown>;
  const state: DesktopState = { version: 1 };
  if (isPort(record.port)) state.port = record.port;
  const window = record.window as Record<string, unknown> | undefined;
  if (window && isBounds(window)) {
    state.window = { ...pickBounds(window), maximized: window.maximized === true };
  }
  return state;
}

export function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65536;
}

function isBounds(value: Record<string, unknown>): value is Record<string, unknown> & Bounds {
  const finite = (key: string) => typeof value[key] === 'number' && Number.isFinite(value[key]);
  return (
    ['x', 'y', 'width', 'height'].every(finite) &&
    (value.width as number) > 0 &&
    (value.height as number) > 0
  );
}

function pickBounds(bounds: Bounds): Bounds {
  return {
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: Math.round(bounds.width),
    height: Math.round(bounds.height),
  };
}

export const DEFAULT_SIZE = { width: 1280, height: 800 };
export const MIN_SIZE = { width: 720, height: 480 };
/** How much of a saved window must be on a screen for the place to be reused. */
const MIN_VISIBLE = 100;

/**
 * Where to open the window: the saved place when enough of it is on one of today's screens (a
 * monitor may have been unplugged since), else the default size, centred by the OS.
 */
export function initialBounds(
  saved: DesktopState['window'],
  workAreas: readonly Bounds[],
): Partial<Bounds> & { width: number; height: number } {
  if (!saved) return { ...DEFAULT_SIZE };
  const width = Math.max(saved.width, MIN_SIZE.width);
  const height = Math.max(saved.height, MIN_SIZE.height);
  const visible = workAreas.some((area) => {
    const across = Math.min(saved.x + width, area.x + area.width) - Math.max(saved.x, area.x);
    const down = Math.min(saved.y + height, area.y + area.height) - Math.max(saved.y, area.y);
    return across >= MIN_VISIBLE && down >= MIN_VISIBLE;
  });
  return visible ? { x: saved.x, y: saved.y, width, height } : { width, height };
}
