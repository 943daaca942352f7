/**
 * What must hold after any input, checked on the recorded run:
 *
 * - safety: no pull ever rejected, no `internal` error, nothing sent after `close`;
 * - form: output only as replies the events announce; every status line "+OK"/"-ERR" (or a
 *   "+ " SASL challenge), CRLF-terminated, at most 512 octets (RFC 1939 §3, RFC 2449 §4);
 *   multi-line replies end with "." and are byte-stuffed; listing lines within 512 octets;
 * - dialogue: each command line gets exactly one reply, and a reply nobody asked for is the
 *   server's parting word before it hangs up;
 * - mailbox (for the honest personas): message numbers never change, a message marked
 *   deleted is never readable, STAT/LIST sizes equal the octets RETR sends, RETR and TOP send
 *   the stored bytes exactly, UIDs are the stored ones, commands of another state are refused,
 *   and afterwards the maildrop holds exactly the old messages — or, after a +OK to QUIT in
 *   TRANSACTION, the old ones minus those deleted — and is unlocked.
 */
import { utf8Decode } from '@pop3-lab/protocol';
import type { Pop3Event } from '../../../src';
import type { Run } from './drive';
import { MESSAGES, NON_ASCII_HEADER, USER, type ProfileSpec } from './fixture';

export class Violation extends Error {
  override name = 'Violation';
}

interface Command {
  readonly keyword: string;
  readonly args: readonly string[];
  readonly state: string;
  readonly tooLong: boolean;
}

interface Exchange {
  readonly kind: 'reply' | 'challenge';
  readonly event: Extract<Pop3Event, { type: 'reply' }> | undefined;
  readonly challenge: string | undefined;
  /** The command this reply answers; undefined for the greeting and parting words. */
  readonly command: Command | undefined;
  readonly chunks: Uint8Array[];
  /** Events between this reply and the next, in order. */
  readonly after: Pop3Event[];
  /** Only a close may follow this reply (it answered nothing). */
  readonly parting: boolean;
}

export interface Verdict {
  /** Messages the session deleted by QUIT (message numbers), or undefined without UPDATE. */
  readonly committed: ReadonlySet<number> | undefined;
  /** Who logged in, if anyone. */
  readonly user: string | undefined;
}

const MAX_LINE = 512;

function fail(message: string): never {
  throw new Violation(message);
}

/** Checks a run; throws a Violation naming the first broken rule. */
export function judge(run: Run, profile: ProfileSpec, uids: readonly string[]): Verdict {
  if (run.fault !== undefined) {
    fail(`a pull rejected: ${run.fault instanceof Error ? run.fault.stack : String(run.fault)}`);
  }
  const exchanges = segment(run);
  for (const exchange of exchanges) checkForm(exchange, profile);
  return profile.flawed ? checkDialogueOnly() : checkModel(exchanges, profile, uids);
}

/** Splits the run into replies with the bytes sent after each and the command each answers. */
function segment(run: Run): Exchange[] {
  const exchanges: Exchange[] = [];
  let pending: Command | undefined;
  let state = 'AUTHORIZATION';
  let greeted = false;
  let closed = false;
  for (const step of run.steps) {
    if (closed) fail(`${step.type} after close`);
    switch (step.type) {
      case 'input':
        break;
      case 'start-tls':
        if (exchanges.at(-1)?.event?.ok !== true) fail('start-tls without a +OK before it');
        break;
      case 'close':
        closed = true;
        break;
      case 'send': {
        const current = exchanges.at(-1);
        if (current === undefined) fail('bytes sent before any reply');
        current.chunks.push(step.bytes);
        break;
      }
      case 'event': {
        const event = step.event;
        if (event.type === 'command') {
          if (pending !== undefined)
            fail(`"${pending.keyword}" got no reply before the next command`);
          pending = { keyword: event.keyword, args: event.args, state, tooLong: false };
        } else if (event.type === 'error' && event.kind === 'line-too-long') {
          if (pending !== undefined) fail(`"${pending.keyword}" got no reply before a long line`);
          pending = { keyword: '', args: [], state, tooLong: true };
        } else if (event.type === 'error' && event.kind === 'internal') {
          fail(`internal error: ${event.reason}`);
        } else if (event.type === 'state-changed') {
          state = event.to;
        } else if (event.type === 'reply') {
          const parting = greeted && pending === undefined;
          exchanges.push({
            kind: 'reply',
            event,
            challenge: undefined,
            command: pending,
            chunks: [],
            after: [],
            parting,
          });
          greeted = true;
          pending = undefined;
          continue;
        } else if (event.type === 'sasl-challenge') {
          if (pending?.keyword !== 'AUTH') fail('a SASL challenge outside AUTH');
          exchanges.push({
            kind: 'challenge',
            event: undefined,
            challenge: event.base64,
            command: pending,
            chunks: [],
            after: [],
            parting: false,
          });
          continue;
        }
        exchanges.at(-1)?.after.push(event);
        break;
      }
    }
  }
  if (!greeted) fail('no greeting');
  if (pending !== undefined && run.closedByServer) {
    fail(`"${pending.keyword}" got no reply before the server closed`);
  }
  // Replies that answer nothing are only allowed as the last words before closing.
  for (const [i, exchange] of exchanges.entries()) {
    if (!exchange.parting) continue;
    const later = exchanges.slice(i + 1);
    if (!run.closedByServer || later.some((e) => !e.parting)) {
      fail(`an unsolicited reply "${exchange.event?.text}" that is not the last before closing`);
    }
  }
  return exchanges;
}

function checkForm(exchange: Exchange, profile: ProfileSpec): void {
  const bytes = join(exchange.chunks);
  const lines = splitLines(bytes);
  const status = lines[0];
  if (status === undefined) fail('a reply event with no status line sent');
  if (status.length + 2 > MAX_LINE) fail(`a status line of ${status.length + 2} octets`);
  const text = utf8Decode(status);
  if (exchange.kind === 'challenge') {
    if (text !== `+ ${exchange.challenge}`) fail(`challenge "${text}"`);
    if (lines.length !== 1) fail('bytes after a challenge line');
    return;
  }
  const event = exchange.event!;
  const expected = `${event.ok ? '+OK' : '-ERR'}${event.code ? ` [${event.code}]` : ''}${event.text ? ` ${event.text}` : ''}`;
  if (text !== expected) fail(`status "${text}" but the event says "${expected}"`);
  if (/[\x00-\x1f\x7f]/.test(text)) fail(`a control character in "${text}"`);
  if (!event.multiline) {
    if (lines.length !== 1) fail(`bytes after the single-line reply "${text}"`);
    return;
  }
  if (lines.length < 2 || !isDot(lines[lines.length - 1]!)) {
    fail(`multi-line reply "${text}" does not end with "."`);
  }
  if (profile.options.persona === 'no-dot-stuffing') return;
  for (let i = 1; i < lines.length - 1; i++) {
    if (isDot(lines[i]!)) fail(`a lone "." inside the multi-line reply "${text}"`);
  }
}

/** CRLF-terminated lines; a bare LF or a missing final CRLF is a violation. */
function splitLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (i === 0 || bytes[i - 1] !== 0x0d) fail(`a bare LF at octet ${i} of a reply`);
    lines.push(bytes.subarray(start, i - 1));
    start = i + 1;
  }
  if (start !== bytes.length) fail('a reply that does not end with CRLF');
  return lines;
}

function isDot(line: Uint8Array): boolean {
  return line.length === 1 && line[0] === 0x2e;
}

/** The multi-line body with byte-stuffing undone, as the lines it carried. */
function body(exchange: Exchange): Uint8Array[] {
  const lines = splitLines(join(exchange.chunks)).slice(1, -1);
  return lines.map((line) => (line[0] === 0x2e ? line.subarray(1) : line));
}

/** The teaching personas break the mailbox rules on purpose: only the safety checks apply. */
function checkDialogueOnly(): Verdict {
  return { committed: undefined, user: undefined };
}

function checkModel(
  exchanges: readonly Exchange[],
  profile: ProfileSpec,
  uids: readonly string[],
): Verdict {
  let user: string | undefined;
  let messages: readonly Uint8Array[] = [];
  const deleted = new Set<number>();
  let utf8 = false;
  let lastAccessed = 0;
  let committed: Set<number> | undefined;
  const refuseRawHeaders =
    profile.options.nonAsciiHeaders !== 'send' && profile.options.persona === undefined;

  for (const exchange of exchanges) {
    const command = exchange.command;
    const event = exchange.event;
    for (const after of exchange.after) {
      if (after.type === 'utf8-enabled') utf8 = true;
      if (after.type === 'auth' && after.ok) {
        if (after.user !== USER && after.user !== 'empty') fail(`login accepted for ${after.user}`);
        user = after.user;
        messages = user === USER ? MESSAGES : [];
      }
    }
    if (
      exchange.kind !== 'reply' ||
      event === undefined ||
      command === undefined ||
      command.tooLong
    ) {
      if (command?.tooLong && event?.ok) fail('a too-long line answered +OK');
      continue;
    }
    const { keyword, args, state } = command;
    const where = `${state} ${keyword} ${args.join(' ')}`.slice(0, 80);
    const must = (ok: boolean, why: string) => {
      if (event.ok !== ok)
        fail(`${where}: expected ${ok ? '+OK' : '-ERR'} (${why}), got "${event.text}"`);
    };
    const count = messages.length;
    const msg = (arg: string | undefined): number | undefined =>
      arg !== undefined && /^[0-9]+$/.test(arg) ? Number(arg) : undefined;
    const readable = (n: number | undefined): n is number =>
      n !== undefined && n >= 1 && n <= count && !deleted.has(n);
    const sizeOf = (n: number) => messages[n - 1]!.length;

    const transactionOnly = ['STAT', 'LIST', 'RETR', 'TOP', 'DELE', 'NOOP', 'RSET', 'UIDL', 'LAST'];
    const authorizationOnly = ['USER', 'PASS', 'APOP', 'AUTH', 'STLS', 'UTF8'];
    if (state === 'AUTHORIZATION' && transactionOnly.includes(keyword)) {
      must(false, 'not logged in');
      continue;
    }
    if (state !== 'TRANSACTION') continue;
    if (authorizationOnly.includes(keyword)) {
      must(false, 'already logged in');
      continue;
    }
    const missing = profile.missing ?? (keyword === 'LAST' ? ['LAST'] : []);
    if (missing.includes(keyword)) {
      must(false, `${profile.name} has no ${keyword}`);
      continue;
    }
    switch (keyword) {
      case 'STAT': {
        must(args.length === 0, 'STAT takes no argument');
        if (!event.ok) break;
        const [n, octets] = event.text.split(' ').map(Number);
        let total = 0;
        for (let i = 1; i <= count; i++) if (!deleted.has(i)) total += sizeOf(i);
        if (n !== count - deleted.size || octets !== total) {
          fail(`STAT says "${event.text}", the mailbox holds ${count - deleted.size} ${total}`);
        }
        break;
      }
      case 'LIST':
      case 'UIDL': {
        const listing = (i: number) => `${i} ${keyword === 'LIST' ? sizeOf(i) : uids[i - 1]}`;
        if (args.length === 0) {
          must(true, 'a listing');
          const got = body(exchange).map((line) => utf8Decode(line));
          const want: string[] = [];
          for (let i = 1; i <= count; i++) if (!deleted.has(i)) want.push(listing(i));
          if (got.join('|') !== want.join('|'))
            fail(`${keyword} listed ${got.join(', ')}; expected ${want.join(', ')}`);
          for (const line of splitLines(join(exchange.chunks))) {
            if (line.length + 2 > MAX_LINE) fail(`a ${keyword} line of ${line.length + 2} octets`);
          }
        } else {
          const n = msg(args[0]);
          must(
            args.length === 1 && readable(n),
            `message ${args[0]} of ${count}, deleted: ${[...deleted]}`,
          );
          if (event.ok && !event.text.startsWith(listing(n!)))
            fail(`${keyword} ${n}: "${event.text}"`);
        }
        break;
      }
      case 'RETR':
      case 'TOP': {
        const n = msg(args[0]);
        const lines = keyword === 'TOP' ? msg(args[1]) : undefined;
        const wellFormed =
          keyword === 'RETR' ? args.length === 1 : args.length === 2 && lines !== undefined;
        const utf8Refusal = !event.ok && event.code === 'UTF8';
        if (utf8Refusal) {
          if (!(readable(n) && NON_ASCII_HEADER[n - 1] && !utf8 && refuseRawHeaders)) {
            fail(`${where}: refused with [UTF8] but nothing calls for it`);
          }
          break;
        }
        must(wellFormed && readable(n), `message ${args[0]} of ${count}, deleted: ${[...deleted]}`);
        if (!event.ok) break;
        const message = messages[n! - 1]!;
        const want = keyword === 'RETR' ? message : message.subarray(0, topLength(message, lines!));
        const got = joinLines(body(exchange));
        if (!sameBytes(got, want)) {
          fail(
            `${keyword} ${n}${lines === undefined ? '' : ` ${lines}`} sent ${got.length} octets unlike the ${want.length} stored`,
          );
        }
        if (keyword === 'RETR') {
          const announced = /^(\d+)\b/.exec(event.text)?.[1];
          if (announced !== undefined && Number(announced) !== message.length) {
            fail(`RETR ${n} announced ${announced} octets and sent ${message.length}`);
          }
          lastAccessed = Math.max(lastAccessed, n!);
        }
        break;
      }
      case 'DELE': {
        const n = msg(args[0]);
        must(
          args.length === 1 && readable(n),
          `message ${args[0]} of ${count}, deleted: ${[...deleted]}`,
        );
        if (event.ok) {
          deleted.add(n!);
          lastAccessed = Math.max(lastAccessed, n!);
        }
        break;
      }
      case 'RSET':
        must(args.length === 0, 'RSET takes no argument');
        if (event.ok) {
          deleted.clear();
          lastAccessed = 0;
        }
        break;
      case 'NOOP':
        must(args.length === 0, 'NOOP takes no argument');
        break;
      case 'LAST':
        must(args.length === 0, 'LAST takes no argument');
        if (event.ok && Number(event.text.split(' ')[0]) !== lastAccessed) {
          fail(`LAST says "${event.text}", the highest accessed is ${lastAccessed}`);
        }
        break;
      case 'QUIT':
        if (event.ok) committed = new Set(deleted);
        break;
    }
  }
  return { committed, user };
}

/** RFC 1939 §7: the header, the blank line, then at most `lines` body lines. */
export function topLength(message: Uint8Array, lines: number): number {
  let at = 0;
  for (;;) {
    const lf = message.indexOf(0x0a, at);
    if (lf < 0) return message.length;
    const blank = lf === at + 1 && message[at] === 0x0d;
    at = lf + 1;
    if (blank) break;
  }
  for (let n = 0; n < lines; n++) {
    const lf = message.indexOf(0x0a, at);
    if (lf < 0) return message.length;
    at = lf + 1;
  }
  return at;
}

function join(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function joinLines(lines: readonly Uint8Array[]): Uint8Array {
  return join(lines.flatMap((line) => [line, Uint8Array.of(0x0d, 0x0a)]));
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
