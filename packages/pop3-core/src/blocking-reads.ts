/**
 * A MailFs whose whole-file reads block: `readFile` and `readInto` done with synchronous calls.
 * The maildrops read whole only small files (Maildir messages up to 128 KiB, lock files, the
 * Maildir update log); from the page cache that takes a few microseconds, where an asynchronous
 * open, read and close are three round trips through a thread pool, each costing more than
 * the read itself. The price: a read that waits for a slow disk holds up every session.
 *
 * `sync` is the synchronous half of the same file system: node:fs for the server, a memfs
 * volume in tests; only these four calls are used.
 */
import type { MailFs } from './mail-fs';

export interface SyncFileReads {
  openSync(path: string, flags: string): number;
  readSync(
    fd: number,
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): number;
  closeSync(fd: number): void;
  readFileSync(path: string): Uint8Array;
}

export function blockingReads(fs: MailFs, sync: SyncFileReads): MailFs {
  return {
    ...fs,
    readFile(path: string): Promise<Uint8Array> {
      try {
        const data = sync.readFileSync(path);
        // A plain Uint8Array over the same bytes (node:fs gives a Buffer).
        return Promise.resolve(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    readInto(path: string, buffer: Uint8Array): number {
      const fd = sync.openSync(path, 'r');
      try {
        let got = 0;
        while (got < buffer.length) {
          const n = sync.readSync(fd, buffer, got, buffer.length - got, got);
          if (n === 0) break;
          got += n;
        }
        return got;
      } finally {
        sync.closeSync(fd);
      }
    },
  };
}
