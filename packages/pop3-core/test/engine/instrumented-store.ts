/**
 * A real memory store with a window on how the engine uses it: how many chunks it has read,
 * whether a reader was closed, and commits that wait for the test or fail on request.
 */
import type { Maildrop, MaildropStore, ReadOptions } from '../../src';
import type { MemoryStore } from '../../src';

export interface Probe {
  /** Chunks read by full-message reads (RETR). */
  chunksRead: number;
  /** Readers closed before their end (return() called). */
  readersClosed: number;
  commits: ReadonlySet<number>[];
  releases: number;
  /** When set, commit waits for this promise first. */
  commitGate: Promise<void> | undefined;
  /** When set, commit throws this after the gate. */
  commitError: unknown;
  /** When set, a full read throws this error after so many chunks. */
  readFailsAfter: { chunks: number; error: unknown } | undefined;
}

export function instrument(inner: MemoryStore): { store: MaildropStore; probe: Probe } {
  const probe: Probe = {
    chunksRead: 0,
    readersClosed: 0,
    commits: [],
    releases: 0,
    commitGate: undefined,
    commitError: undefined,
    readFailsAfter: undefined,
  };
  const wrap = (maildrop: Maildrop): Maildrop => ({
    kind: maildrop.kind,
    messages: maildrop.messages,
    read(index: number, options?: ReadOptions) {
      const full = options?.bodyLines === undefined;
      const source = maildrop.read(index, options);
      return {
        [Symbol.asyncIterator]() {
          const iterator = source[Symbol.asyncIterator]();
          let count = 0;
          return {
            async next() {
              const failure = probe.readFailsAfter;
              if (full && failure !== undefined && count >= failure.chunks) throw failure.error;
              const result = await iterator.next();
              if (!result.done) {
                count += 1;
                if (full) probe.chunksRead += 1;
              }
              return result;
            },
            async return() {
              probe.readersClosed += 1;
              return (await iterator.return?.()) ?? { done: true, value: undefined };
            },
          };
        },
      };
    },
    async commit(deleted) {
      probe.commits.push(new Set(deleted));
      if (probe.commitGate !== undefined) await probe.commitGate;
      if (probe.commitError !== undefined) {
        await maildrop.release();
        throw probe.commitError;
      }
      await maildrop.commit(deleted);
    },
    async release() {
      probe.releases += 1;
      await maildrop.release();
    },
  });
  return {
    probe,
    store: {
      async open(user) {
        const opened = await inner.open(user);
        return opened.ok ? { ok: true, maildrop: wrap(opened.maildrop) } : opened;
      },
    },
  };
}
