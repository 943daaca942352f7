/**
 * Drives a session as the server does, but records everything: each action in order, and
 * whether a pull ever failed. Input is fed a chunk at a time; after each chunk the driver pulls
 * until the session is quiet — waiting for more input, with no storage operation in flight.
 * A STLS upgrade is taken as done at once (the engine only needs to be pulled again). After a
 * `close`, the driver stops pulling as `for await … break` does.
 */
import type { DriverAction } from '@pop3-lab/protocol';
import { utf8Decode, utf8Encode } from '@pop3-lab/protocol';
import type { Pop3Event, Pop3Session } from '../../../src';

export type Step =
  | { readonly type: 'send'; readonly bytes: Uint8Array }
  | { readonly type: 'event'; readonly event: Pop3Event }
  | { readonly type: 'start-tls' }
  | { readonly type: 'close' }
  /** Marks where the driver fed input: `index` of the chunk. */
  | { readonly type: 'input'; readonly index: number };

export interface Run {
  readonly steps: Step[];
  /** The session's iteration finished. */
  done: boolean;
  /** A pull rejected: never allowed. */
  fault: unknown;
  /** The session ended by itself (close action) before the driver hung up. */
  closedByServer: boolean;
}

export interface DriveOptions {
  /** Storage operations in flight (memfs answers in later macrotasks). */
  readonly inFlight: () => number;
  /** How long a session may take to go quiet before it is called stuck (default 10 s). */
  readonly maxQuietMs?: number;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One session under a recording driver; feed it with `send`, finish with `hangUp`. */
export class Conversation {
  readonly run: Run = { steps: [], done: false, fault: undefined, closedByServer: false };
  readonly #session: Pop3Session;
  readonly #options: DriveOptions;
  readonly #pump: Promise<void>;
  #waiting = false;
  #progress = 0;
  #inputs = 0;
  #read = 0;

  constructor(session: Pop3Session, options: DriveOptions) {
    this.#session = session;
    this.#options = options;
    this.#pump = this.#pull(session[Symbol.asyncIterator]());
  }

  async #pull(iterator: AsyncIterator<DriverAction<Pop3Event>>): Promise<void> {
    const run = this.run;
    try {
      for (;;) {
        this.#waiting = true;
        const result = await iterator.next();
        this.#waiting = false;
        this.#progress++;
        if (result.done === true) break;
        const action = result.value;
        if (action.type === 'send') run.steps.push({ type: 'send', bytes: action.bytes.slice() });
        else if (action.type === 'event') run.steps.push({ type: 'event', event: action.event });
        else if (action.type === 'start-tls') run.steps.push({ type: 'start-tls' });
        else {
          run.steps.push({ type: 'close' });
          run.closedByServer = true;
          // What `for await … break` does in the real drivers: the session runs its cleanup.
          await iterator.return?.(undefined);
          break;
        }
      }
    } catch (error) {
      run.fault = error;
    } finally {
      this.#waiting = false;
      run.done = true;
    }
  }

  /** Waits until the session waits for input (or has finished). */
  async quiet(): Promise<void> {
    const limit = this.#options.maxQuietMs ?? 10_000;
    const started = Date.now();
    for (let turns = 0; ; turns++) {
      const before = this.#progress;
      await turn();
      if (this.run.done) return;
      if (this.#waiting && this.#progress === before && this.#options.inFlight() === 0) return;
      if (turns % 1024 === 1023 && Date.now() - started > limit) break;
    }
    throw new Error(`the session never went quiet (${limit} ms)`);
  }

  /** Feeds bytes, then waits for the session to go quiet. */
  async send(input: Uint8Array | string): Promise<void> {
    if (this.run.done) return;
    this.run.steps.push({ type: 'input', index: this.#inputs++ });
    this.#session.receive(typeof input === 'string' ? utf8Encode(input) : input);
    await this.quiet();
  }

  /** Sends one command line and returns the status lines the server sent back. */
  async command(line: string): Promise<string[]> {
    await this.send(`${line}\r\n`);
    return this.statusLines();
  }

  /** Status lines sent since the last call (the first line after each reply event). */
  statusLines(): string[] {
    const lines: string[] = [];
    const steps = this.run.steps;
    for (; this.#read < steps.length; this.#read++) {
      const step = steps[this.#read]!;
      const next = steps[this.#read + 1];
      if (step.type === 'event' && step.event.type === 'reply' && next?.type === 'send') {
        const text = utf8Decode(next.bytes);
        lines.push(text.slice(0, text.indexOf('\r\n')));
      }
    }
    return lines;
  }

  /** The transport goes away (if the server did not close first); waits for the session's end. */
  async hangUp(): Promise<Run> {
    if (!this.run.done) this.#session.end('closed');
    await this.#pump;
    return this.run;
  }
}

export async function drive(
  session: Pop3Session,
  chunks: readonly Uint8Array[],
  options: DriveOptions,
): Promise<Run> {
  const conversation = new Conversation(session, options);
  await conversation.quiet();
  for (const chunk of chunks) {
    if (conversation.run.done) break;
    await conversation.send(chunk);
  }
  return conversation.hangUp();
}
