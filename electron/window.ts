import type { BrowserWindowConstructorOptions } from 'electron';
import { initialBounds, MIN_SIZE, type Bounds, type DesktopState } from './desktop-state.js';

/** The window's web preferences: the page gets no Node, an isolated world and a sandbox. */
export function secureWebPreferences(
  preload: string,
): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}

export function mainWindowOptions(options: {
  preload: string;
  saved: DesktopState['window'];
  workAreas: readonly Bounds[];
}): BrowserWindowConstructorOptions {
  return {
    ...initialBounds(options.saved, options.workAreas),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Grove',
    show: false,
    webPreferences: secureWebPreferences(options.preload),
  };
}

/** What is used of a `BrowserWindow` to remember its place. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  getNormalBounds(): Bounds;
  isMaximized(): boolean;
  isDestroyed(): boolean;
}

export interface WindowTracker {
  /** Save now if a change is pending (call before quitting). */
  flush(): Promise<void>;
}

/**
 * Save the window's normal (un-maximised) bounds and maximised flag after it stops moving, and
 * at once when it closes, so the next launch opens it where it was.
 */
export function trackWindowState(
  window: TrackedWindow,
  save: (state: NonNullable<DesktopState['window']>) => Promise<void>,
  delayMs = 400,
): WindowTracker {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last: NonNullable<DesktopState['window']> | null = null;
  const snapshot = () => {
    if (!window.isDestroyed())
      last = { ...window.getNormalBounds(), maximized: window.isMaximized() };
  };
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (last) await save(last);
    last = null;
  };
  const schedule = () => {
    snapshot();
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush().catch(() => undefined), delayMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const)
    window.on(event, schedule);
  window.on('close', () => {
    snapshot();
    void flush().catch(() => undefined);
  });
  return { flush };
}

/** What is used of a `BrowserWindow` to bring it to the front. */
export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  isVisible(): boolean;
  show(): void;
  focus(): void;
}

export function bringToFront(window: FocusableWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
