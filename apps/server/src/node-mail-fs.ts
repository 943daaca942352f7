/**
 * The maildrops' file system on a real disk: node:fs/promises as it is, except `readFile`,
 * which reads with blocking calls. The maildrops read whole only small files (Maildir messages
 * up to 128 KiB, lock files, the Maildir update log); from the page cache that takes a few
 * microseconds, where the open, read and close of node:fs/promises are three round trips
 * through libuv's thread pool — about ten times the CPU, measured in docs/performance.md.
 * The cost: a read that has to wait for a slow disk holds up every session for that long.
 */
import { readFileSync } from 'node:fs';
import * as promises from 'node:fs/promises';
import type { MailFs } from '@pop3-lab/core';

export const nodeMailFs: MailFs = {
  ...(promises as unknown as MailFs),
  readFile(path: string): Promise<Uint8Array> {
    try {
      const data = readFileSync(path);
      // A plain Uint8Array over the same bytes: the core works on Uint8Array, not Buffer.
      return Promise.resolve(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};
