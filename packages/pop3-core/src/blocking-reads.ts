/**
 * A MailFs whose small reads block: `stat`, `readFile` and `readInto` done with synchronous
 * calls. The maildrops read whole only small files (Maildir messages up to 128 KiB, lock files,
 * the Maildir update log) and `stat` every Maildir message at login; from the page cache that
 * takes a few microseconds, where an asynchronous call is a round trip through a thread pool
 * costing more than the work itself (10,000 stats at a Maildir login: about 1.5 s of round
 * trips). The price: a call that waits for a slow disk holds up every session meanwhile.
 *
 * `sync` is the synchronous half of the same file system: node:fs for the server, a memfs
 * volume in tests; only these calls are used.
 */
import type { MailFs, MailStats } from './mail-fs';

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
  statSync(path: string): MailStats;
}

export function blockingReads(fs: MailFs, sync: SyncFileReads): MailFs {
  return {
    ...fs,
    stat(path: string): Promise<MailStats> {
      try {
        return Promise.resolve(sync.statSync(path));
      } catch (error) {
        return Promise.reject(error);
      }
    },
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
