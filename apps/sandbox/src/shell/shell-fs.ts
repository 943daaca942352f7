/**
 * The file operations the shell's commands use, and an adapter over a memfs volume's promises
 * API (the same volume the in-page server's maildrops use, so `cat` shows what POP3 changed).
 */
export interface ShellStat {
  readonly size: number;
  readonly mtimeMs: number;
  readonly mode: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

export interface ShellFs {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array, append?: boolean): Promise<void>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<ShellStat>;
}

/** The subset of memfs's `vol.promises` that the adapter needs. */
export interface VolumePromises {
  readFile(path: string): Promise<unknown>;
  writeFile(path: string, data: Uint8Array, options?: { flag?: string }): Promise<void>;
  readdir(path: string): Promise<unknown[]>;
  stat(path: string): Promise<{
    size: number | bigint;
    mtimeMs: number | bigint;
    mode: number | bigint;
    isFile(): boolean;
    isDirectory(): boolean;
  }>;
}

export function shellFsFromVolume(promises: VolumePromises): ShellFs {
  return {
    async readFile(path) {
      const data = await promises.readFile(path);
      if (data instanceof Uint8Array)
        return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (typeof data === 'string') return new TextEncoder().encode(data);
      throw Object.assign(new Error(`unreadable ${path}`), { code: 'EIO' });
    },
    writeFile: (path, data, append = false) =>
      promises.writeFile(path, data, append ? { flag: 'a' } : undefined),
    async readdir(path) {
      return (await promises.readdir(path)).map(String).sort();
    },
    async stat(path) {
      const stats = await promises.stat(path);
      return {
        size: Number(stats.size),
        mtimeMs: Number(stats.mtimeMs),
        mode: Number(stats.mode),
        isFile: () => stats.isFile(),
        isDirectory: () => stats.isDirectory(),
      };
    },
  };
}
