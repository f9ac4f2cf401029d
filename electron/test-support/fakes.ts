// Stand-ins for Electron's objects, which cannot be created without the Electron binary. They
// behave as the real ones do for the events and calls Grove uses, and record what happened.
// Grove's own modules and the server are never faked.
import { EventEmitter } from 'node:events';
import type {
  BrowserWindowConstructorOptions,
  MessageBoxOptions,
  OpenDialogOptions,
} from 'electron';
import type { InvokeEvent } from '../bridge.js';
import type { DesktopApp, DesktopDialog, DesktopWindow } from '../desktop-app.js';
import type { Bounds } from '../desktop-state.js';
import type { GuardedSession } from '../security.js';

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(): FakeEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export class FakeApp extends EventEmitter implements DesktopApp {
  readonly paths = new Map<string, string>();
  lockAvailable = true;
  quitCalls = 0;
  /** Set when the app would really have quit (a `before-quit` nobody prevented). */
  quitUnprevented = false;
  exitCode: number | null = null;
  readonly exited: Promise<number>;
  private resolveExit!: (code: number) => void;

  constructor(userData: string) {
    super();
    this.paths.set('userData', userData);
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }

  getPath(name: string): string {
    const value = this.paths.get(name);
    if (value === undefined) throw new Error(`no path ${name}`);
    return value;
  }

  requestSingleInstanceLock(): boolean {
    return this.lockAvailable;
  }

  whenReady(): Promise<void> {
    return Promise.resolve();
  }

  quit(): void {
    this.quitCalls++;
    const event = fakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.quitUnprevented = true;
  }

  exit(code = 0): void {
    if (this.exitCode !== null) throw new Error(`exit(${code}) after exit(${this.exitCode})`);
    this.exitCode = code;
    this.resolveExit(code);
  }
}

export class FakeDialog implements DesktopDialog {
  readonly shown: MessageBoxOptions[] = [];
  readonly errors: { title: string; content: string }[] = [];
  /** Button indexes to answer with, in order; 0 (the default button) once they run out. */
  readonly answers: number[] = [];
  /** When set, dialogs stay open until `answer` is called, as a user would leave them. */
  holdAnswers = false;
  private readonly open: ((response: number) => void)[] = [];

  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }> {
    this.shown.push(options);
    if (this.holdAnswers)
      return new Promise((resolve) => this.open.push((response) => resolve({ response })));
    return Promise.resolve({ response: this.answers.shift() ?? 0 });
  }

  /** Click button `response` in the oldest open dialog. */
  answer(response: number): void {
    const close = this.open.shift();
    if (!close) throw new Error('no dialog is open');
    close(response);
  }

  showErrorBox(title: string, content: string): void {
    this.errors.push({ title, content });
  }

  readonly folderDialogs: OpenDialogOptions[] = [];
  /** Folders the folder dialog answers with, in order; a cancel once they run out. */
  readonly pickedFolders: string[] = [];

  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }> {
    this.folderDialogs.push(options);
    const folder = this.pickedFolders.shift();
    return Promise.resolve(
      folder === undefined
        ? { canceled: true, filePaths: [] }
        : { canceled: false, filePaths: [folder] },
    );
  }
}

export class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }

  /** What happens when the page navigates to `url`: true when the navigation goes ahead. */
  navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const details = { ...fakeEvent(), url };
    this.emit(event, details);
    return !details.defaultPrevented;
  }
}

export class FakeWindow extends EventEmitter implements DesktopWindow {
  readonly webContents = new FakeContents();
  bounds: Bounds;
  loadedUrl: string | null = null;
  maximized = false;
  minimized = false;
  visible = false;
  focused = false;
  destroyed = false;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.bounds = {
      x: options.x ?? 100,
      y: options.y ?? 100,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.emit('ready-to-show');
  }

  /** The user drags the window to `bounds`. */
  moveTo(bounds: Bounds): void {
    this.bounds = bounds;
    this.emit('move');
  }

  /** The user clicks the close button: true when the window really closed. */
  close(): boolean {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
    return true;
  }

  getNormalBounds(): Bounds {
    return { ...this.bounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
    this.visible = true;
    this.emit('maximize');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  show(): void {
    this.visible = true;
  }
  isFocused(): boolean {
    return this.focused;
  }
  focus(): void {
    this.focused = true;
  }
}

type HeadersListener = Parameters<GuardedSession['webRequest']['onHeadersReceived']>[0];
type RequestHandler = Parameters<GuardedSession['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<GuardedSession['setPermissionCheckHandler']>[0];

export class FakeSession implements GuardedSession {
  headersListener: HeadersListener | null = null;
  requestHandler: RequestHandler | null = null;
  checkHandler: CheckHandler | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
  };

  setPermissionRequestHandler(handler: RequestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: CheckHandler): void {
    this.checkHandler = handler;
  }

  /** The headers the page would see for a response from `url` carrying `headers`. */
  responseHeaders(url: string, headers: Record<string, string[]> = {}): Record<string, string[]> {
    let result: { responseHeaders?: Record<string, string[]> } | null = null;
    this.headersListener?.({ url, responseHeaders: headers }, (response) => (result = response));
    if (result === null) throw new Error('the headers listener did not answer');
    return (result as { responseHeaders?: Record<string, string[]> }).responseHeaders ?? headers;
  }

  /** Whether a page at `url` is granted `permission` when it asks. */
  grants(permission: string, url: string): boolean {
    let granted: boolean | null = null;
    this.requestHandler?.(null, permission, (answer) => (granted = answer), { requestingUrl: url });
    if (granted === null) throw new Error('the permission handler did not answer');
    return granted;
  }
}

export class FakeIpc {
  readonly handlers = new Map<string, (event: InvokeEvent, ...args: unknown[]) => unknown>();

  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }

  /** `ipcRenderer.invoke(channel, ...args)` from a frame showing `senderUrl`. */
  async invoke(senderUrl: string | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, ...args);
  }
}
