/**
 * A MailFs that counts the operations still running, so the rehearsal can tell "the engine is
 * waiting for the disk" from "the engine is waiting for the student".
 */
import type { MailFileHandle, MailFs } from '@pop3-lab/core';

export class CountingFs {
  #inFlight = 0;
  readonly fs: MailFs;

  constructor(inner: MailFs) {
    const track = <T>(promise: Promise<T>): Promise<T> => {
      this.#inFlight++;
      return promise.finally(() => {
        this.#inFlight--;
      });
    };
    const handle = (inner: MailFileHandle): MailFileHandle => ({
      read: (...args) => track(inner.read(...args)),
      write: (...args) => track(inner.write(...args)),
      stat: () => track(inner.stat()),
      sync: () => track(inner.sync()),
      close: () => track(inner.close()),
    });
    this.fs = {
      open: async (path, flags, mode) => handle(await track(inner.open(path, flags, mode))),
      readFile: (path) => track(inner.readFile(path)),
      writeFile: (path, data, options) => track(inner.writeFile(path, data, options)),
      readdir: (path) => track(inner.readdir(path)),
      stat: (path) => track(inner.stat(path)),
      rename: (from, to) => track(inner.rename(from, to)),
      unlink: (path) => track(inner.unlink(path)),
      mkdir: (path, options) => track(inner.mkdir(path, options)),
    };
  }

  get inFlight(): number {
    return this.#inFlight;
  }
}
