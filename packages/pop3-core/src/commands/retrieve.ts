/**
 * RETR and TOP (RFC 1939 §5, §7): a status line, the message byte-stuffed, then ".". The
 * message is read from the maildrop one chunk per driver pull, so a slow client never makes the
 * server hold a whole message. The first chunk is read before the +OK: a storage error then
 * still gets a clean -ERR. A failure halfway can only end the connection.
 */
import { responseEnd } from '@pop3-lab/protocol';
import type { Maildrop } from '../maildrop';
import type { Actions, SessionContext } from '../session/context';
import { waitFor } from '../session/steps';
import { decimal } from './arguments';
import { describe } from './login';
import { lookUp } from './message-lookup';
import type { ParsedCommand } from './parse-command';
import { noteAccess } from './transaction';

export function* retr(ctx: SessionContext, command: ParsedCommand): Actions {
  yield* sendMessage(ctx, command, undefined);
}

export function* top(ctx: SessionContext, command: ParsedCommand): Actions {
  yield* sendMessage(ctx, command, decimal(command.args[1]) ?? null);
}

/** `bodyLines`: undefined for RETR, TOP's line count, or null when TOP's is not a number. */
function* sendMessage(
  ctx: SessionContext,
  command: ParsedCommand,
  bodyLines: number | null | undefined,
): Actions {
  const isTop = bodyLines !== undefined;
  const usage = isTop ? 'TOP msg lines' : 'RETR msg';
  if (command.args.length !== (isTop ? 2 : 1) || bodyLines === null) {
    yield* ctx.syntax(usage);
    return;
  }
  const target = yield* lookUp(ctx, command.args[0], usage);
  if (target === undefined) return;
  const { mailbox, index, msg } = target;
  const { maildrop } = mailbox;
  // The store byte-stuffs as it reads (one pass over the bytes); the flawed persona asks it not to.
  const dotStuffed = ctx.config.flaw !== 'no-dot-stuffing';
  const options = bodyLines === undefined ? { dotStuffed } : { bodyLines, dotStuffed };

  // A small message the store has at hand comes whole, without a wait (Maildrop.readNow);
  // others are read a chunk per pull. `waitFor` passes the whole message's chunks through.
  let chunks: Iterator<Uint8Array> | AsyncIterator<Uint8Array> | undefined;
  let next: IteratorResult<Uint8Array>;
  try {
    chunks =
      maildrop.readNow?.(index, options)?.[Symbol.iterator]() ??
      maildrop.read(index, options)[Symbol.asyncIterator]();
    next = yield* waitFor(chunks.next());
    if (yield* waitFor(refusesNonAscii(ctx, maildrop, index, next))) {
      yield* waitFor(chunks.return?.());
      yield* ctx.reply('utf8-required', { msg });
      return;
    }
  } catch (error) {
    yield* waitFor(chunks?.return?.());
    yield* ctx.failed('storage', describe(error), 'read-failed', { msg });
    return;
  }

  if (bodyLines === undefined) {
    noteAccess(ctx, index);
    yield* ctx.head('retr', { msg, size: mailbox.sizeOf(index) });
  } else {
    yield* ctx.head('top', { msg, lines: bodyLines });
  }

  let atLineStart = true;
  try {
    while (next.done !== true) {
      const chunk = next.value;
      if (chunk.length > 0) {
        atLineStart = chunk[chunk.length - 1] === LF;
        yield ctx.send(chunk);
      }
      next = yield* waitFor(chunks.next());
    }
  } catch (error) {
    // The +OK and part of the message are out; no reply can follow, so hang up.
    yield* ctx.error('storage', describe(error), ctx.render('read-failed', { msg }).explanation);
    yield* ctx.close('error');
    return;
  } finally {
    // Also runs when the session ends mid-message: the maildrop's reader closes its file.
    yield* waitFor(chunks.return?.());
  }
  // The end of the response: ".", on a line of its own (RFC 1939 §3).
  yield ctx.send(responseEnd(atLineStart));
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * RFC 6856 §2.1: outside UTF-8 mode, a message with raw non-ASCII header octets must not be
 * sent as is; this server refuses it with [UTF8] (§5) when the UTF8 capability is on. The
 * header is nearly always within the first chunk read for the message; only when it is not
 * is it read again on its own.
 */
function refusesNonAscii(
  ctx: SessionContext,
  maildrop: Maildrop,
  index: number,
  first: IteratorResult<Uint8Array>,
): boolean | Promise<boolean> {
  if (ctx.config.nonAsciiHeaders !== 'refuse' || !ctx.has('UTF8') || ctx.utf8Mode) return false;
  if (first.done === true) return false;
  return headerNonAscii(first.value) ?? headerReadNonAscii(maildrop, index);
}

/** TOP n 0: the header alone, however many chunks it takes. */
async function headerReadNonAscii(maildrop: Maildrop, index: number): Promise<boolean> {
  for await (const part of maildrop.read(index, { bodyLines: 0 })) {
    if (hasNonAscii(part)) return true;
  }
  return false;
}

/**
 * Whether the header at the start of `chunk` (CRLF lines, up to the empty one) has an octet
 * above 0x7F; undefined when the chunk ends before the header does. The header's end is found
 * with native LF searches, then its octets are checked in one tight loop.
 */
function headerNonAscii(chunk: Uint8Array): boolean | undefined {
  let end = -1;
  if (chunk[0] === CR && chunk[1] === LF) end = 0;
  for (let lf = chunk.indexOf(LF); end < 0 && lf !== -1; lf = chunk.indexOf(LF, lf + 1)) {
    if (chunk[lf + 1] === CR && chunk[lf + 2] === LF) end = lf;
  }
  if (end < 0) return hasNonAscii(chunk) ? true : undefined;
  let bits = 0;
  for (let i = 0; i < end; i++) bits |= chunk[i]!;
  return bits >= 0x80;
}

function hasNonAscii(bytes: Uint8Array): boolean {
  let bits = 0;
  for (let i = 0; i < bytes.length; i++) bits |= bytes[i]!;
  return bits >= 0x80;
}
