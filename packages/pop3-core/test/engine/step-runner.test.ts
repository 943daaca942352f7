// The runner that turns a generator of steps into the async iterator a driver pulls: it must
// behave as the async generator it replaces (order, waits, return while waiting, errors).
import { describe, expect, test } from 'vitest';
import type { Action } from '../../src/session/context';
import { StepRunner } from '../../src/session/step-runner';
import { waitFor, type Actions } from '../../src/session/steps';

const send = (text: string): Action => ({ type: 'send', bytes: new TextEncoder().encode(text) });
const label = (result: IteratorResult<Action, void>) =>
  result.done === true
    ? 'done'
    : result.value.type === 'send'
      ? new TextDecoder().decode(result.value.bytes)
      : result.value.type;

/** A promise settled from outside, to hold a step at a wait for as long as a test needs. */
function gate<T>() {
  let open!: (value: T) => void;
  let fail!: (reason: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

async function all(runner: StepRunner): Promise<string[]> {
  const seen: string[] = [];
  for await (const action of runner) seen.push(label({ value: action, done: false }));
  return seen;
}

describe('StepRunner', () => {
  test('gives the actions in order, and done after the last', async () => {
    function* steps(): Actions {
      yield send('a');
      yield send('b');
    }
    const runner = new StepRunner(steps());
    expect(label(await runner.next())).toBe('a');
    expect(label(await runner.next())).toBe('b');
    expect(label(await runner.next())).toBe('done');
    expect(label(await runner.next())).toBe('done');
  });

  test('resumes a step with the value of its wait, and a value that is no promise at once', async () => {
    const held = gate<string>();
    function* steps(): Actions {
      const now = yield* waitFor(7);
      yield send(`now ${now}`);
      const later = yield* waitFor(held.promise);
      yield send(`later ${later}`);
    }
    const runner = new StepRunner(steps());
    expect(label(await runner.next())).toBe('now 7');
    const pending = runner.next();
    held.open('x');
    expect(label(await pending)).toBe('later x');
  });

  test('throws a rejected wait into the step, where try/catch sees it', async () => {
    function* steps(): Actions {
      try {
        yield* waitFor(Promise.reject(new Error('disk gone')));
        yield send('not reached');
      } catch (error) {
        yield send(`caught ${(error as Error).message}`);
      }
    }
    expect(await all(new StepRunner(steps()))).toEqual(['caught disk gone']);
  });

  test('rejects the pull when the steps throw, and is done afterwards', async () => {
    function* steps(): Actions {
      yield send('a');
      throw new Error('bug');
    }
    const runner = new StepRunner(steps());
    await runner.next();
    await expect(runner.next()).rejects.toThrow('bug');
    expect(label(await runner.next())).toBe('done');
  });

  test('serves pulls made before the last was answered in order', async () => {
    const held = gate<void>();
    function* steps(): Actions {
      yield* waitFor(held.promise);
      yield send('a');
      yield send('b');
    }
    const runner = new StepRunner(steps());
    const pulls = [runner.next(), runner.next(), runner.next()];
    held.open();
    expect((await Promise.all(pulls)).map(label)).toEqual(['a', 'b', 'done']);
  });

  test('a return while a step waits takes effect at its next action, then runs finally', async () => {
    const held = gate<void>();
    const log: string[] = [];
    function* steps(): Actions {
      try {
        yield* waitFor(held.promise);
        log.push('resumed');
        yield send('after the wait');
        log.push('never');
      } finally {
        // Waits in finally are settled; actions yielded there go nowhere.
        yield* waitFor(Promise.resolve());
        yield send('from finally');
        log.push('released');
      }
    }
    const runner = new StepRunner(steps());
    const pull = runner.next();
    const stop = runner.return();
    held.open();
    expect(label(await pull)).toBe('after the wait');
    expect(label(await stop)).toBe('done');
    expect(log).toEqual(['resumed', 'released']);
    expect(label(await runner.next())).toBe('done');
  });

  test('nextNow gives a ready action as it is, and a promise only where a step waits', async () => {
    const held = gate<string>();
    function* steps(): Actions {
      yield send('ready');
      const value = yield* waitFor(held.promise);
      yield send(value);
    }
    const runner = new StepRunner(steps());
    const first = runner.nextNow();
    expect(first).not.toBeInstanceOf(Promise);
    expect(label(first as IteratorResult<Action, void>)).toBe('ready');
    const second = runner.nextNow();
    expect(second).toBeInstanceOf(Promise);
    held.open('after');
    expect(label(await second)).toBe('after');
    expect(label((await runner.nextNow()) as IteratorResult<Action, void>)).toBe('done');
  });

  test('drops events when asked, and gives everything else', async () => {
    function* steps(): Actions {
      yield { type: 'event', event: { type: 'utf8-enabled' } };
      yield send('a');
      yield { type: 'event', event: { type: 'tls-started' } };
    }
    expect(await all(new StepRunner(steps(), { dropEvents: true }))).toEqual(['a']);
    expect(await all(new StepRunner(steps()))).toEqual(['event', 'a', 'event']);
  });

  test('a return before the first pull runs nothing', async () => {
    let ran = false;
    function* steps(): Actions {
      ran = true;
      yield send('a');
    }
    const runner = new StepRunner(steps());
    expect(label(await runner.return())).toBe('done');
    expect(ran).toBe(false);
  });

  test('a for await that stops early closes the steps', async () => {
    let closed = false;
    function* steps(): Actions {
      try {
        for (;;) yield send('x');
      } finally {
        closed = true;
      }
    }
    for await (const action of new StepRunner(steps())) if (action.type === 'send') break;
    expect(closed).toBe(true);
  });
});
