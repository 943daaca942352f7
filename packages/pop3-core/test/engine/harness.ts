/**
 * Drives a session the way a driver does: feeds input, pulls actions until the session waits
 * for more input, and keeps what it sent and what it reported. "Waiting for input" is when a
 * pull stays pending across a macrotask turn: every store used in these tests settles in
 * microtasks, so by then the session can only be waiting for the client.
 */
import type { DriverAction } from '@pop3-lab/protocol';
import { concatBytes, utf8Decode, utf8Encode } from '@pop3-lab/protocol';
import type { Pop3Event, Pop3Session, Pop3SessionOptions } from '../../src';
import { createMemoryStore, createPop3Session, staticAuthenticator } from '../../src';
import type { MaildropStore, MemoryStore } from '../../src';

const IDLE = Symbol('idle');

function macrotask(): Promise<typeof IDLE> {
  return new Promise((resolve) => setImmediate(() => resolve(IDLE)));
}

export class Driver {
  readonly session: Pop3Session;
  readonly events: Pop3Event[] = [];
  readonly actions: DriverAction<Pop3Event>[] = [];
  readonly #sent: Uint8Array[] = [];
  readonly #iterator: AsyncIterator<DriverAction<Pop3Event>>;
  #pending: Promise<IteratorResult<DriverAction<Pop3Event>>> | undefined;
  #read = 0;
  closed = false;
  done = false;

  constructor(session: Pop3Session) {
    this.session = session;
    this.#iterator = session[Symbol.asyncIterator]();
  }

  /** Everything sent so far, as bytes. */
  get bytes(): Uint8Array {
    return concatBytes(this.#sent);
  }

  /** Everything sent so far, as text. */
  get output(): string {
    return utf8Decode(this.bytes);
  }

  /** Pulls until the session waits for input, closes, or `limit` actions were taken. */
  async pull(limit = Infinity): Promise<void> {
    for (let taken = 0; taken < limit && !this.done; taken++) {
      this.#pending ??= this.#iterator.next();
      const result = await Promise.race([this.#pending, macrotask()]);
      if (result === IDLE) return;
      this.#pending = undefined;
      if (result.done === true) {
        this.done = true;
        return;
      }
      const action = result.value;
      this.actions.push(action);
      if (action.type === 'send') this.#sent.push(action.bytes.slice());
      else if (action.type === 'event') this.events.push(action.event);
      else if (action.type === 'close') this.closed = true;
    }
  }

  /** Feeds input (text or bytes) and pulls the replies. */
  async send(input: string | Uint8Array): Promise<string> {
    this.session.receive(typeof input === 'string' ? utf8Encode(input) : input);
    await this.pull();
    return this.take();
  }

  /** Sends one command line (CRLF added) and returns the reply text. */
  async command(line: string): Promise<string> {
    return this.send(`${line}\r\n`);
  }

  /** Output not returned by a previous `take`. */
  take(): string {
    const output = this.output;
    const fresh = output.slice(this.#read);
    this.#read = output.length;
    return fresh;
  }

  /** Ends the transport and lets the session finish. */
  async hangUp(): Promise<void> {
    this.session.end('closed');
    await this.pull();
  }

  eventsOf<T extends Pop3Event['type']>(type: T): Extract<Pop3Event, { type: T }>[] {
    return this.events.filter(
      (event): event is Extract<Pop3Event, { type: T }> => event.type === type,
    );
  }
}

/** Our own stand-in for the seed tutorial's mailbox of chris: three short notifications. */
export const chrisMessages = [
  [
    'Return-Path: <watch@lab.example>',
    'To: chris@lab.example',
    'Subject: nightly report for gateway',
    'Date: Mon, 02 Mar 2026 06:00:00 +0100',
    'From: watch@lab.example (log watcher)',
    '',
    'Nothing unusual was logged last night.',
    'Disk use on /var: 41 %.',
    '',
  ].join('\n'),
  [
    'Return-Path: <guard@lab.example>',
    'To: chris@lab.example',
    'Subject: [guard] ssh: address 192.0.2.77 blocked',
    'Date: Mon, 02 Mar 2026 13:40:00 +0100',
    'From: guard@lab.example (intrusion guard)',
    '',
    'Hello,',
    '',
    '192.0.2.77 was blocked after 6 failed ssh logins.',
    '.hidden lines start with a dot, and so does the next one:',
    '.',
    'Regards,',
    'guard',
    '',
  ].join('\n'),
  [
    'Return-Path: <teacher@lab.example>',
    'To: chris@lab.example',
    'Subject: Essai',
    'Date: Mon, 02 Mar 2026 15:30:00 +0100',
    'From: teacher@lab.example (the teacher)',
    '',
    'Just to show how messages sit',
    'one after the other in the maildrop.',
    '',
  ].join('\n'),
];

export const logins = { chris: 'epikoi', mrose: 'tanstaaf', tim: 'tanstaaftanstaaf' };

export interface LabOptions extends Partial<Pop3SessionOptions> {
  store?: MemoryStore;
}

/** A session on a memory store holding chris's mailbox, plain-text logins allowed. */
export function lab(options: LabOptions = {}): { driver: Driver; store: MemoryStore } {
  const store = options.store ?? createMemoryStore({ chris: chrisMessages });
  const session = createPop3Session({
    maildrops: store,
    authenticator: staticAuthenticator(logins),
    hostname: 'lab.example',
    greetingToken: '1234.5678',
    tls: 'unavailable',
    allowPlaintextAuth: true,
    ...options,
  });
  return { driver: new Driver(session), store };
}

/** Starts a session and returns it after the greeting. */
export async function connect(
  options: LabOptions = {},
): Promise<{ driver: Driver; store: MemoryStore }> {
  const opened = lab(options);
  await opened.driver.pull();
  opened.driver.take();
  return opened;
}

/** Starts a session logged in as chris. */
export async function loggedIn(
  options: LabOptions = {},
): Promise<{ driver: Driver; store: MemoryStore }> {
  const opened = await connect(options);
  await opened.driver.command('USER chris');
  const reply = await opened.driver.command('PASS epikoi');
  if (!reply.startsWith('+OK')) throw new Error(`login failed: ${reply}`);
  return opened;
}

/** Splits bytes at the given offsets. */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => Math.max(0, Math.min(bytes.length, cut))))].sort(
    (a, b) => a - b,
  );
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  chunks.push(bytes.subarray(start));
  return chunks.filter((chunk) => chunk.length > 0);
}

/**
 * Runs a whole client script through a fresh session, fed in the given chunks, with the driver
 * pulling after each chunk; returns everything the server sent.
 */
export async function runScript(
  chunks: readonly Uint8Array[],
  options: LabOptions = {},
): Promise<{ output: string; driver: Driver }> {
  const { driver } = lab(options);
  await driver.pull();
  for (const chunk of chunks) {
    driver.session.receive(chunk);
    await driver.pull();
  }
  if (!driver.done) await driver.hangUp();
  return { output: driver.output, driver };
}

/** The same store, its maildrops without `readNow`: every message through `read`, in chunks. */
export function withoutReadNow(store: MaildropStore): MaildropStore {
  return {
    async open(user) {
      const opened = await store.open(user);
      if (!opened.ok) return opened;
      const { readNow: _hidden, ...maildrop } = opened.maildrop;
      return { ok: true, maildrop };
    },
  };
}
