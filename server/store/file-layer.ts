import { promises as fs } from 'node:fs';

/** The calls the store makes on an open file (a subset of node's `FileHandle`). */
export interface FileHandleLike {
  writeFile(data: string, encoding: 'utf8'): Promise<void>;
  appendFile(data: Uint8Array): Promise<void>;
  read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number; buffer: Buffer }>;
  readFile(): Promise<Buffer>;
  stat(): Promise<{ size: number }>;
  truncate(length: number): Promise<void>;
  sync(): Promise<void>;
  datasync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Every file-system call the store makes. The real one is node's `fs`; tests pass a layer that
 * records each write, rename and fsync to replay what a power cut would have left on disk.
 */
export interface FileLayer {
  open(file: string, flags: string | number, mode?: number): Promise<FileHandleLike>;
  readFile(file: string): Promise<Buffer>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, options: { force?: boolean; recursive?: boolean }): Promise<void>;
  link(existing: string, linked: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  truncate(file: string, length: number): Promise<void>;
  mkdir(dir: string, options: { recursive: true; mode?: number }): Promise<unknown>;
  readdir(dir: string): Promise<string[]>;
}

export const realFiles: FileLayer = {
  open: (file, flags, mode) => fs.open(file, flags, mode),
  readFile: (file) => fs.readFile(file),
  rename: (from, to) => fs.rename(from, to),
  rm: (file, options) => fs.rm(file, options),
  link: (existing, linked) => fs.link(existing, linked),
  copyFile: (from, to) => fs.copyFile(from, to),
  truncate: (file, length) => fs.truncate(file, length),
  mkdir: (dir, options) => fs.mkdir(dir, options),
  readdir: (dir) => fs.readdir(dir),
};
