/**
 * Read-ahead for clients that fetch their mail in order (RETR 1, RETR 2, …), as POP3 clients
 * do. Once a message read whole has been handed over, the next one is read and converted by a
 * task the driver runs after the current work — after the reply has been written — so that
 * when the client asks for it, it is at hand: no file is opened or read while the client
 * waits. One message is kept at most; any other request drops it.
 *
 * The scheduler is the driver's (the server passes setImmediate); the engine has no clock.
 */
import type { ReadOptions } from '../maildrop';

/** Runs a task once the work under way is done (setImmediate in Node). */
export type Scheduler = (task: () => void) => void;

/** Reads a message whole without waiting; undefined when it cannot (see Maildrop.readNow). */
export type WholeRead = (
  index: number,
  options: ReadOptions | undefined,
) => Uint8Array[] | undefined;

interface Slot {
  readonly index: number;
  readonly stuffed: boolean;
  readonly chunks: readonly Uint8Array[];
}

export class ReadAhead {
  readonly #schedule: Scheduler;
  readonly #read: WholeRead;
  readonly #count: number;
  #slot: Slot | undefined;
  /** Bumped by every take and clear: a task scheduled before then fills nothing. */
  #generation = 0;

  constructor(schedule: Scheduler, read: WholeRead, count: number) {
    this.#schedule = schedule;
    this.#read = read;
    this.#count = count;
  }

  /** The message read ahead, if it is this one as these options want it; it is then gone. */
  take(index: number, options: ReadOptions | undefined): readonly Uint8Array[] | undefined {
    const slot = this.#slot;
    this.clear();
    const wanted = options?.bodyLines === undefined && slot?.index === index;
    return wanted && slot.stuffed === (options?.dotStuffed === true) ? slot.chunks : undefined;
  }

  /** Message `index` was just handed over whole for RETR: read the next one ahead. */
  follow(index: number, options: ReadOptions | undefined): void {
    const next = index + 1;
    if (options?.bodyLines !== undefined || next >= this.#count) return;
    const generation = this.#generation;
    this.#schedule(() => {
      if (generation !== this.#generation) return;
      let chunks: Uint8Array[] | undefined;
      try {
        chunks = this.#read(next, options);
      } catch {
        return; // the read proper, if the client asks, reports what is wrong
      }
      if (chunks === undefined || generation !== this.#generation) return;
      this.#slot = { index: next, stuffed: options?.dotStuffed === true, chunks };
    });
  }

  clear(): void {
    this.#slot = undefined;
    this.#generation += 1;
  }
}
