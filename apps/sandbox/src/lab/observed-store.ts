/**
 * A maildrop store the lab can watch. Sessions open their maildrops through it, so the
 * inspector learns which session holds which mailbox (and reads the same message list the
 * session sees); the inspector's own look at a mailbox nobody holds goes through the same
 * per-user queue, so it can never make a login fail with [IN-USE].
 */
import type { Maildrop, MaildropStore, OpenResult } from '@pop3-lab/core';

export interface StoreObserver {
  opened(user: string, maildrop: Maildrop, owner: number | undefined): void;
  /** The maildrop was released: `removed` messages were deleted by a commit, or undefined without one. */
  released(user: string, owner: number | undefined, removed: number | undefined): void;
}

export class ObservedStore {
  readonly #inner: MaildropStore;
  readonly #observer: StoreObserver;
  /** Per user: the tail of the queue of opens (sessions and peeks). */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(inner: MaildropStore, observer: StoreObserver) {
    this.#inner = inner;
    this.#observer = observer;
  }

  /** The store a session of connection `owner` opens its maildrop from. */
  forSession(owner: number): MaildropStore {
    return { open: (user) => this.#queued(user, () => this.#open(user, owner)) };
  }

  /**
   * Opens `user`'s maildrop, hands it to `look` and releases it, unless a session holds it
   * (then the result is IN-USE and `look` is not called).
   */
  peek<T>(
    user: string,
    look: (maildrop: Maildrop) => Promise<T>,
  ): Promise<OpenResult & { value?: T }> {
    return this.#queued(user, async () => {
      const result = await this.#inner.open(user);
      if (!result.ok) return result;
      try {
        return { ...result, value: await look(result.maildrop) };
      } finally {
        await result.maildrop.release();
      }
    });
  }

  async #open(user: string, owner: number): Promise<OpenResult> {
    const result = await this.#inner.open(user);
    if (!result.ok) return result;
    const inner = result.maildrop;
    let done = false;
    const finish = (removed: number | undefined) => {
      if (done) return;
      done = true;
      this.#observer.released(user, owner, removed);
    };
    const maildrop: Maildrop = {
      get kind() {
        return inner.kind;
      },
      get messages() {
        return inner.messages;
      },
      read: (index, options) => inner.read(index, options),
      commit: async (deleted) => {
        try {
          await inner.commit(deleted);
          finish(deleted.size);
        } catch (error) {
          finish(undefined);
          throw error;
        }
      },
      release: async () => {
        await inner.release();
        finish(undefined);
      },
    };
    this.#observer.opened(user, maildrop, owner);
    return { ok: true, maildrop };
  }

  /** Resolves once every open and look under way has finished (before the volume is reset). */
  async idle(): Promise<void> {
    while (this.#queues.size > 0) await Promise.allSettled([...this.#queues.values()]);
  }

  #queued<T>(user: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(user) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    this.#queues.set(user, tail);
    void tail.then(() => {
      if (this.#queues.get(user) === tail) this.#queues.delete(user);
    });
    return run;
  }
}
