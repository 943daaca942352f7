// Shared pieces of the maildrop tests: the two file systems every maildrop must work on, and
// small readers for what a maildrop yields.
import * as nodeSync from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Volume } from 'memfs';
import { expect } from 'vitest';
import { blockingReads, type Maildrop, type MailFs, type ReadOptions } from '../../src';

export interface TestFs {
  readonly fs: MailFs;
  /** A directory of its own inside this file system. */
  readonly root: string;
  /** Sets a file's modification time `ms` milliseconds into the past. */
  age(path: string, ms: number): Promise<void>;
  /** Removes what the test left (real directories only). */
  dispose(): Promise<void>;
}

export interface FsKind {
  readonly name: 'memfs' | 'node';
  create(): Promise<TestFs>;
}

export const memfsKind: FsKind = {
  name: 'memfs',
  async create() {
    const volume = new Volume();
    // memfs's declared types differ from what it does (its file handles' stat() may return
    // bigint sizes, sync() is not declared); at run time it is a MailFs as it is, which is
    // what this suite proves.
    const fs = volume.promises as unknown as MailFs;
    await fs.mkdir('/work', { recursive: true });
    const age = async (path: string, ms: number) => {
      const when = (Date.now() - ms) / 1000;
      await volume.promises.utimes(path, when, when);
    };
    return { fs, root: '/work', age, dispose: async () => {} };
  },
};

export const nodeKind: FsKind = {
  name: 'node',
  async create() {
    // As the server has it: whole-file reads (Maildir messages) by blocking calls.
    const fs = blockingReads(nodeFs as unknown as MailFs, nodeSync);
    const root = await nodeFs.mkdtemp(join(tmpdir(), 'maildrop-test-'));
    const age = async (path: string, ms: number) => {
      const when = (Date.now() - ms) / 1000;
      await nodeFs.utimes(path, when, when);
    };
    return { fs, root, age, dispose: () => nodeFs.rm(root, { recursive: true, force: true }) };
  },
};

export const fsKinds: readonly FsKind[] = [memfsKind, nodeKind];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const bytes = (text: string): Uint8Array => encoder.encode(text);
export const text = (data: Uint8Array): string => decoder.decode(data);

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export async function readAll(
  maildrop: Maildrop,
  index: number,
  options?: ReadOptions,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of maildrop.read(index, options)) chunks.push(chunk);
  const all = concat(chunks);
  // Where the store offers it, the read without a wait gives the same bytes, or nothing.
  const now = maildrop.readNow?.(index, options);
  if (now !== undefined) expect(text(concat(now))).toBe(text(all));
  return all;
}

export async function readAllText(maildrop: Maildrop, index: number, options?: ReadOptions) {
  return text(await readAll(maildrop, index, options));
}

/** Every bare LF becomes CRLF: what a client receives for stored LF text. */
export const crlf = (value: string): string => value.replace(/\r?\n/g, '\r\n');

export async function exists(fs: MailFs, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A file system that fails writes to matching files once `afterBytes` have been written to
 * them, with the given error code (ENOSPC: the disk is full).
 */
export function failingWrites(
  fs: MailFs,
  matches: (path: string) => boolean,
  afterBytes: number,
  code = 'ENOSPC',
): MailFs {
  return {
    open: async (path, flags, mode) => {
      const handle = await fs.open(path, flags, mode);
      if (!matches(path)) return handle;
      let written = 0;
      return {
        read: (...args) => handle.read(...args),
        stat: () => handle.stat(),
        sync: () => handle.sync(),
        close: () => handle.close(),
        write: async (buffer, offset, length, position) => {
          const n = length ?? buffer.length - (offset ?? 0);
          if (written + n > afterBytes) {
            throw Object.assign(new Error(`${code}: simulated failure`), { code });
          }
          written += n;
          return handle.write(buffer, offset, length, position);
        },
      };
    },
    readFile: (path) => fs.readFile(path),
    writeFile: (path, data, options) => fs.writeFile(path, data, options),
    readdir: (path) => fs.readdir(path),
    stat: (path) => fs.stat(path),
    rename: (from, to) => fs.rename(from, to),
    unlink: (path) => fs.unlink(path),
    mkdir: (path, options) => fs.mkdir(path, options),
  };
}

/** Counts the calls made to a file system, by method. */
export function countingFs(fs: MailFs): { fs: MailFs; calls: Map<string, string[]> } {
  const calls = new Map<string, string[]>();
  const note = (method: string, path: string) => {
    calls.set(method, [...(calls.get(method) ?? []), path]);
  };
  return {
    calls,
    fs: {
      open: (path, flags, mode) => (note('open', path), fs.open(path, flags, mode)),
      readFile: (path) => (note('readFile', path), fs.readFile(path)),
      writeFile: (path, data, options) => (
        note('writeFile', path),
        fs.writeFile(path, data, options)
      ),
      readdir: (path) => (note('readdir', path), fs.readdir(path)),
      stat: (path) => (note('stat', path), fs.stat(path)),
      rename: (from, to) => (note('rename', from), fs.rename(from, to)),
      unlink: (path) => (note('unlink', path), fs.unlink(path)),
      mkdir: (path, options) => (note('mkdir', path), fs.mkdir(path, options)),
    },
  };
}
