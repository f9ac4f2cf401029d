import path from 'node:path';
import { realFiles, type FileHandleLike, type FileLayer } from '../store/file-layer.js';
import {
  CRASH_MODES,
  crashImage,
  imageKey,
  newDir,
  newFile,
  type CrashImage,
  type DirNode,
  type FileNode,
  type Node,
} from './crash-disk.js';

type BreakableCall = 'sync' | 'datasync';

/**
 * A file layer for the store in the spirit of SQLite's crash-test VFS. Every call goes to the real
 * file system under `root` (so reads and errors are real), and every write, truncate, rename,
 * link, removal and fsync is also applied to a model of the disk that knows what is synced.
 * After each call (and each acknowledgement) it keeps what a power cut at that instant would
 * leave behind, in every crash mode; `images` lists each distinct one.
 */
export class CrashFiles implements FileLayer {
  private readonly disk: DirNode = newDir();
  private readonly seenImages = new Map<string, CrashImage>();
  private acknowledged = 0;
  private step = 0;
  private broken: { call: BreakableCall; persisted: boolean } | null = null;

  /** `refuseLinks`: `link` fails with EPERM, as on file systems without hard links. */
  constructor(
    readonly root: string,
    private readonly options: { refuseLinks?: boolean } = {},
  ) {
    this.snapshot();
  }

  /** Every distinct state a power cut could have left, oldest first. */
  get images(): CrashImage[] {
    return [...this.seenImages.values()];
  }

  /** The program told its caller something is saved (or was undone): crash images count it. */
  acknowledge(): number {
    this.acknowledged += 1;
    this.snapshot(true);
    return this.acknowledged;
  }

  /**
   * Make the next `call` fail with EIO. `persisted`: the data reached the disk before the error
   * (a flush that failed late), as Linux can report after writing some pages back.
   */
  breakNext(call: BreakableCall, persisted: boolean): void {
    this.broken = { call, persisted };
  }

  async open(file: string, flags: string | number, mode?: number): Promise<FileHandleLike> {
    const handle = await realFiles.open(file, flags, mode);
    let node = this.lookup(file);
    if (flags === 'w' || flags === 'a+') {
      if (!node) {
        node = newFile();
        this.attach(file, node);
      }
      if (flags === 'w' && node.kind === 'file') node.seen = Buffer.alloc(0);
      this.recorded();
    }
    return this.wrap(handle, node);
  }

  readFile(file: string): Promise<Buffer> {
    return realFiles.readFile(file);
  }

  readdir(dir: string): Promise<string[]> {
    return realFiles.readdir(dir);
  }

  async rename(from: string, to: string): Promise<void> {
    await realFiles.rename(from, to);
    const node = this.detach(from);
    if (node) this.attach(to, node);
    this.recorded();
  }

  async link(existing: string, linked: string): Promise<void> {
    if (this.options.refuseLinks) {
      throw Object.assign(new Error(`EPERM: operation not permitted, link '${existing}'`), {
        code: 'EPERM',
      });
    }
    await realFiles.link(existing, linked);
    const node = this.lookup(existing);
    if (node) this.attach(linked, node);
    this.recorded();
  }

  async copyFile(from: string, to: string): Promise<void> {
    await realFiles.copyFile(from, to);
    const source = this.lookup(from);
    const copy = newFile();
    if (source?.kind === 'file') copy.seen = Buffer.from(source.seen);
    this.attach(to, copy);
    this.recorded();
  }

  async rm(file: string, options: { force?: boolean; recursive?: boolean }): Promise<void> {
    await realFiles.rm(file, options);
    this.detach(file);
    this.recorded();
  }

  async truncate(file: string, length: number): Promise<void> {
    await realFiles.truncate(file, length);
    const node = this.lookup(file);
    if (node?.kind === 'file') node.seen = resized(node.seen, length);
    this.recorded();
  }

  async mkdir(dir: string, options: { recursive: true; mode?: number }): Promise<unknown> {
    const created = await realFiles.mkdir(dir, options);
    let parent = this.disk;
    for (const name of this.parts(dir)) {
      let child = parent.seen.get(name);
      if (!child) {
        child = newDir();
        parent.seen.set(name, child);
      }
      if (child.kind !== 'dir') throw new Error(`${dir}: not a folder in the model`);
      parent = child;
    }
    this.recorded();
    return created;
  }

  private wrap(handle: FileHandleLike, node: Node | undefined): FileHandleLike {
    const file = node?.kind === 'file' ? node : undefined;
    const change = async (apply: (current: Buffer) => Buffer, call: Promise<void>) => {
      await call;
      if (file) file.seen = apply(file.seen);
      this.recorded();
    };
    const sync = async (call: BreakableCall) => {
      const broken = this.broken?.call === call ? this.broken : null;
      if (broken) this.broken = null;
      if (!broken || broken.persisted) {
        await handle[call]();
        if (node?.kind === 'file') node.synced = Buffer.from(node.seen);
        if (node?.kind === 'dir') node.synced = new Map(node.seen);
        this.recorded();
      }
      if (broken) throw Object.assign(new Error(`EIO: i/o error, ${call}`), { code: 'EIO' });
    };
    return {
      writeFile: (data, encoding) =>
        change(() => Buffer.from(data, encoding), handle.writeFile(data, encoding)),
      appendFile: (data) =>
        change((current) => Buffer.concat([current, data]), handle.appendFile(data)),
      truncate: (length) => change((current) => resized(current, length), handle.truncate(length)),
      read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position),
      readFile: () => handle.readFile(),
      stat: () => handle.stat(),
      sync: () => sync('sync'),
      datasync: () => sync('datasync'),
      close: () => handle.close(),
    };
  }

  private recorded(): void {
    this.step += 1;
    this.snapshot();
  }

  private snapshot(atAcknowledgement = false): void {
    for (const mode of CRASH_MODES) {
      const files = crashImage(this.disk, mode);
      const key = imageKey(files, this.acknowledged);
      if (!this.seenImages.has(key)) {
        const { acknowledged, step } = this;
        this.seenImages.set(key, { mode, files, acknowledged, step, atAcknowledgement });
      }
    }
  }

  private parts(file: string): string[] {
    const relative = path.relative(this.root, path.resolve(file));
    if (relative === '') return [];
    if (relative.startsWith('..')) throw new Error(`${file} is outside ${this.root}`);
    return relative.split(path.sep);
  }

  private lookup(file: string): Node | undefined {
    let node: Node | undefined = this.disk;
    for (const name of this.parts(file)) {
      node = node?.kind === 'dir' ? node.seen.get(name) : undefined;
    }
    return node;
  }

  private parentOf(file: string): { dir: DirNode; name: string } | null {
    const parts = this.parts(file);
    const name = parts.pop();
    const dir = this.lookup(path.join(this.root, ...parts));
    return name && dir?.kind === 'dir' ? { dir, name } : null;
  }

  private attach(file: string, node: FileNode | DirNode): void {
    const parent = this.parentOf(file);
    if (!parent) throw new Error(`${file}: no folder for it in the model`);
    parent.dir.seen.set(parent.name, node);
  }

  private detach(file: string): Node | undefined {
    const parent = this.parentOf(file);
    const node = parent?.dir.seen.get(parent.name);
    parent?.dir.seen.delete(parent.name);
    return node;
  }
}

function resized(data: Buffer, length: number): Buffer {
  if (length <= data.length) return Buffer.from(data.subarray(0, length));
  return Buffer.concat([data, Buffer.alloc(length - data.length)]);
}
