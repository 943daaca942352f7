/**
 * The small file-system interface the maildrops need: a subset of `fs/promises` that both
 * `node:fs/promises` and a memfs volume's `promises` satisfy as they are. Keeping the core on
 * this interface (and off `node:fs`) lets the same mbox and Maildir code run in the browser.
 * Paths are POSIX paths ('/var/spool/mail/chris').
 */
export interface MailStats {
  readonly size: number;
  readonly mtimeMs: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

export interface MailFileHandle {
  read(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number }>;
  write(
    buffer: Uint8Array,
    offset?: number,
    length?: number,
    position?: number | null,
  ): Promise<{ bytesWritten: number }>;
  stat(): Promise<MailStats>;
  /** fsync: the data is on disk before a rename makes it visible. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface MailFs {
  /** Flags as in fs.open: 'r', 'r+', 'w', 'wx' (create exclusively: used for dot-locks), 'a'. */
  open(path: string, flags: string, mode?: number): Promise<MailFileHandle>;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(
    path: string,
    data: Uint8Array,
    options?: { flag?: string; mode?: number },
  ): Promise<void>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<MailStats>;
  /** Atomic replace within one directory: the heart of a crash-safe mbox rewrite. */
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, options?: { recursive?: boolean; mode?: number }): Promise<unknown>;
  /**
   * Optional: reads the start of a file into `buffer` (up to its length) at once, without
   * yielding, and returns how many bytes there were; throws where `readFile` would reject.
   * Maildir messages are read this way straight into the line converter's memory, with no
   * buffer of their own (see `blockingReads`).
   */
  readInto?(path: string, buffer: Uint8Array): number;
}

/** An fs error as both node:fs and memfs report it. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
