/**
 * Runs a generator of steps (steps.ts) as the async iterator of actions a driver pulls.
 *
 * It keeps the semantics of an async generator, which is what the engine was and what its
 * drivers rely on:
 * - `next()` runs the steps up to the next action, settling the waits met on the way; a step
 *   that needs no wait is run at once, and the pull costs one resolved promise;
 * - requests are served one at a time, in order: a `return()` made while a step is waiting
 *   (the driver's connection ended in the middle of a read) is served once that step has
 *   reached its next action, and then closes the generator there — its `finally` blocks run,
 *   settling their own waits (releasing the maildrop); actions they yield go nowhere;
 * - a generator that throws ends, and the request that ran it is rejected.
 *
 * With `dropEvents`, event actions are not given to the driver (nobody looks at them).
 */
import type { PullableActions } from '@pop3-lab/protocol';
import type { Action } from './context';
import type { Step, Wait } from './steps';

type Result = IteratorResult<Action, void>;

/** How the generator is resumed: with a wait's value, with its reason, or closed. */
type Resume =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'return' };

interface Request {
  readonly kind: 'next' | 'return';
  readonly resolve: (result: Result) => void;
  readonly reject: (reason: unknown) => void;
}

const DONE: Result = Object.freeze({ value: undefined, done: true });
const START: Resume = Object.freeze({ kind: 'value', value: undefined });
const CLOSE: Resume = Object.freeze({ kind: 'return' });

export class StepRunner implements AsyncIterableIterator<Action>, PullableActions<Action> {
  readonly #steps: Generator<Step, void, unknown>;
  /** Events are dropped here, unseen (nobody looks at them). */
  readonly #dropEvents: boolean;
  /** A request is being served (it may be waiting on a promise). */
  #busy = false;
  #done = false;
  readonly #queue: Request[] = [];

  constructor(steps: Generator<Step, void, unknown>, options: { dropEvents?: boolean } = {}) {
    this.#steps = steps;
    this.#dropEvents = options.dropEvents === true;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<Result> {
    return Promise.resolve(this.nextNow());
  }

  /**
   * `next` without a promise when the steps reach an action (or their end) with no wait on
   * the way: the driver then pays no trip through the microtask queue for it.
   */
  nextNow(): Result | Promise<Result> {
    return this.#request('next');
  }

  return(): Promise<Result> {
    return Promise.resolve(this.#request('return'));
  }

  #request(kind: Request['kind']): Result | Promise<Result> {
    if (this.#busy || this.#queue.length > 0) {
      return new Promise((resolve, reject) => this.#queue.push({ kind, resolve, reject }));
    }
    return this.#serve(kind);
  }

  /** Serves one request: synchronously up to the first wait, if there is one. */
  #serve(kind: Request['kind']): Result | Promise<Result> {
    if (this.#done) return DONE;
    this.#busy = true;
    let outcome: Result | Wait;
    try {
      outcome = this.#advance(kind, kind === 'next' ? START : CLOSE);
    } catch (error) {
      this.#idle();
      return Promise.reject(error);
    }
    if (isWait(outcome)) return this.#after(kind, outcome);
    this.#idle();
    return outcome;
  }

  /** The rest of a request whose steps wait: settle each wait, resume, until an action or the end. */
  async #after(kind: Request['kind'], wait: Wait): Promise<Result> {
    try {
      let outcome: Result | Wait = wait;
      while (isWait(outcome)) {
        let resume: Resume;
        try {
          resume = { kind: 'value', value: await outcome.promise };
        } catch (error) {
          resume = { kind: 'error', error };
        }
        outcome = this.#advance(kind, resume);
      }
      return outcome;
    } finally {
      this.#idle();
    }
  }

  /**
   * Resumes the generator and runs it to the next action (a `next`), to its end (a `return`:
   * the actions of its `finally` blocks are dropped), or to a wait. Throws what it throws.
   */
  #advance(kind: Request['kind'], first: Resume): Result | Wait {
    let resume = first;
    for (;;) {
      let step: IteratorResult<Step, void>;
      try {
        step =
          resume.kind === 'value'
            ? this.#steps.next(resume.value)
            : resume.kind === 'error'
              ? this.#steps.throw(resume.error)
              : this.#steps.return(undefined);
      } catch (error) {
        this.#done = true;
        throw error;
      }
      if (step.done === true) {
        this.#done = true;
        return DONE;
      }
      const value = step.value;
      if (value.type === 'wait') return value;
      if (kind === 'next' && !(value.type === 'event' && this.#dropEvents)) {
        return { value, done: false };
      }
      resume = START;
    }
  }

  /** The request is served: serve the next one waiting, if any. */
  #idle(): void {
    this.#busy = false;
    const request = this.#queue.shift();
    if (request === undefined) return;
    const result = this.#serve(request.kind);
    if (result instanceof Promise) result.then(request.resolve, request.reject);
    else request.resolve(result);
  }
}

function isWait(outcome: Result | Wait): outcome is Wait {
  return (outcome as Partial<Wait>).type === 'wait';
}
