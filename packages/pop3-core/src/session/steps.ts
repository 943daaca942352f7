/**
 * How the engine waits without async generators. A command handler is a plain generator of
 * steps: an action for the driver, or a wait — a promise that the session's runner
 * (step-runner.ts) settles on the handler's behalf before resuming it with the value, or with
 * the reason thrown at the point of the wait, just as `await` would.
 *
 * Why not async generators: most commands (STAT, LIST, DELE, RETR of a small Maildir message)
 * need no I/O at all, yet every action of an async generator costs promises and a trip
 * through the microtask queue at each level it is passed up, and allocates for each. Here a
 * command that needs nothing waited for runs to its end synchronously, and a level of
 * delegation (`yield*`) costs a function call.
 */
import type { Action } from './context';

export interface Wait {
  readonly type: 'wait';
  readonly promise: PromiseLike<unknown>;
}

export type Step = Action | Wait;

/** What a command handler produces: actions for the driver, and the waits in between. */
export type Actions = Generator<Step, void, unknown>;

/**
 * `const value = yield* waitFor(promise)`: the generator's `await`. A value that is not a
 * promise is given back at once, without a trip through the runner.
 */
export function* waitFor<T>(value: T | PromiseLike<T>): Generator<Wait, T, unknown> {
  if (!isPromiseLike(value)) return value;
  return (yield { type: 'wait', promise: value }) as T;
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | undefined)?.then === 'function';
}
