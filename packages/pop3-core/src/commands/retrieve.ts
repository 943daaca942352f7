/**
 * RETR and TOP (RFC 1939 §5, §7): a status line, the message byte-stuffed, then ".". The
 * message is read from the maildrop one chunk per driver pull, so a slow client never makes the
 * server hold a whole message. The first chunk is read before the +OK: a storage error then
 * still gets a clean -ERR. A failure halfway can only end the connection.
 */
import { DotStuffer } from '@pop3-lab/protocol';
import type { Maildrop } from '../maildrop';
import type { Actions, SessionContext } from '../session/context';
import type { MailboxView } from '../session/mailbox-view';
import { decimal } from './arguments';
import { describe } from './login';
import { lookUp } from './message-lookup';
import type { ParsedCommand } from './parse-command';
import { noteAccess } from './transaction';

interface Target {
  readonly mailbox: MailboxView;
  readonly index: number;
  readonly msg: number;
}

export async function* retr(ctx: SessionContext, command: ParsedCommand): Actions {
  if (command.args.length !== 1) {
    yield* ctx.syntax('RETR msg');
    return;
  }
  const found = yield* lookUp(ctx, command.args[0], 'RETR msg');
  if (found !== undefined) yield* sendMessage(ctx, found, undefined);
}

export async function* top(ctx: SessionContext, command: ParsedCommand): Actions {
  const lines = decimal(command.args[1]);
  if (command.args.length !== 2 || lines === undefined) {
    yield* ctx.syntax('TOP msg lines');
    return;
  }
  const found = yield* lookUp(ctx, command.args[0], 'TOP msg lines');
  if (found !== undefined) yield* sendMessage(ctx, found, lines);
}

async function* sendMessage(
  ctx: SessionContext,
  target: Target,
  bodyLines: number | undefined,
): Actions {
  const { mailbox, index, msg } = target;
  const { maildrop } = mailbox;
  let stream: AsyncIterator<Uint8Array> | undefined;
  let next: IteratorResult<Uint8Array>;
  try {
    if (await refusesNonAscii(ctx, maildrop, index)) {
      yield* ctx.reply('utf8-required', { msg });
      return;
    }
    stream = maildrop
      .read(index, bodyLines === undefined ? {} : { bodyLines })
      [Symbol.asyncIterator]();
    next = await stream.next();
  } catch (error) {
    await stream?.return?.();
    const reply = ctx.render('read-failed', { msg });
    yield* ctx.error('storage', describe(error), reply.explanation);
    yield* ctx.reply('read-failed', { msg });
    return;
  }

  if (bodyLines === undefined) {
    noteAccess(ctx, index);
    yield* ctx.head('retr', { msg, size: mailbox.sizeOf(index) });
  } else {
    yield* ctx.head('top', { msg, lines: bodyLines });
  }

  const stuffer = new DotStuffer();
  const stuffing = ctx.config.flaw !== 'no-dot-stuffing';
  try {
    while (next.done !== true) {
      const chunk = next.value;
      const stuffed = stuffer.transform(chunk);
      if (chunk.length > 0) yield ctx.send(stuffing ? stuffed : chunk);
      next = await stream.next();
    }
  } catch (error) {
    // The +OK and part of the message are out; no reply can follow, so hang up.
    yield* ctx.error('storage', describe(error), ctx.render('read-failed', { msg }).explanation);
    yield* ctx.close('error');
    return;
  } finally {
    // Also runs when the session ends mid-message: the maildrop's reader closes its file.
    await stream.return?.();
  }
  yield ctx.send(stuffer.finish());
}

/**
 * RFC 6856 §2.1: outside UTF-8 mode, a message with raw non-ASCII header octets must not be
 * sent as is; this server refuses it with [UTF8] (§5) when the UTF8 capability is on.
 */
async function refusesNonAscii(
  ctx: SessionContext,
  maildrop: Maildrop,
  index: number,
): Promise<boolean> {
  if (ctx.config.nonAsciiHeaders !== 'refuse' || !ctx.has('UTF8') || ctx.utf8Mode) return false;
  for await (const chunk of maildrop.read(index, { bodyLines: 0 })) {
    if (chunk.some((byte) => byte >= 0x80)) return true;
  }
  return false;
}
