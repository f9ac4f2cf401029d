import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * What a disk holds twice over: what the program sees now (`seen`) and what an fsync made
 * durable (`synced`). A file's synced data is set by fsync of the file; a folder's synced entries
 * (names to files, so a rename or a hard link is one entry) by fsync of the folder.
 */
export type Node = FileNode | DirNode;
export interface FileNode {
  kind: 'file';
  seen: Buffer;
  synced: Buffer;
}
export interface DirNode {
  kind: 'dir';
  seen: Map<string, Node>;
  synced: Map<string, Node>;
}

/**
 * How a power cut treats what was not synced. Folder entries: the `synced` ones, or every change
 * (the journal got them out). File data: the synced bytes, every byte, the first half of the
 * unsynced bytes (a torn write), or zeros where unsynced bytes were (blocks allocated, never
 * written).
 */
export const CRASH_MODES = ['synced', 'all'].flatMap((entries) =>
  ['synced', 'all', 'torn', 'zeros'].map((data) => ({
    entries: entries as 'synced' | 'all',
    data: data as 'synced' | 'all' | 'torn' | 'zeros',
  })),
);
export type CrashMode = (typeof CRASH_MODES)[number];

/** What a reboot finds: every file under the root by relative path (a folder maps to null). */
export interface CrashImage {
  mode: CrashMode;
  files: Map<string, Buffer | null>;
  /** Acknowledgements the program had given when the power went. */
  acknowledged: number;
  /** How many file-system calls had completed. */
  step: number;
  /** Taken right at an acknowledgement, when no write was in flight. */
  atAcknowledgement: boolean;
}

export function newDir(): DirNode {
  return { kind: 'dir', seen: new Map(), synced: new Map() };
}

export function newFile(): FileNode {
  return { kind: 'file', seen: Buffer.alloc(0), synced: Buffer.alloc(0) };
}

function dataAfterCrash(node: FileNode, mode: CrashMode['data']): Buffer {
  const { seen, synced } = node;
  if (mode === 'synced') return synced;
  if (mode === 'all') return seen;
  let common = 0;
  while (common < seen.length && common < synced.length && seen[common] === synced[common]) {
    common += 1;
  }
  if (common >= seen.length) return mode === 'torn' ? seen : synced;
  if (mode === 'torn') return seen.subarray(0, common + Math.ceil((seen.length - common) / 2));
  return Buffer.concat([seen.subarray(0, common), Buffer.alloc(seen.length - common)]);
}

/** Everything reachable from `root` after a power cut in `mode`. */
export function crashImage(root: DirNode, mode: CrashMode): Map<string, Buffer | null> {
  const files = new Map<string, Buffer | null>();
  const walk = (dir: DirNode, prefix: string) => {
    const entries = mode.entries === 'synced' ? dir.synced : dir.seen;
    for (const [name, node] of [...entries].sort(([a], [b]) => a.localeCompare(b))) {
      const relative = prefix ? `${prefix}/${name}` : name;
      if (node.kind === 'dir') {
        files.set(relative, null);
        walk(node, relative);
      } else {
        files.set(relative, Buffer.from(dataAfterCrash(node, mode.data)));
      }
    }
  };
  walk(root, '');
  return files;
}

export function imageKey(files: Map<string, Buffer | null>, acknowledged: number): string {
  const hash = createHash('sha1').update(String(acknowledged));
  for (const [name, data] of files) hash.update(`\0${name}\0`).update(data ?? 'dir');
  return hash.digest('hex');
}

/** Write an image out to `dir`, a folder a real store can open. */
export async function materialize(image: CrashImage, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, data] of image.files) {
    const target = path.join(dir, ...name.split('/'));
    if (data === null) await mkdir(target, { recursive: true });
    else await writeFile(target, data);
  }
}
