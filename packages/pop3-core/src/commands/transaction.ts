/** STAT, LIST, UIDL, DELE, RSET, NOOP and LAST (RFC 1939 §5, §7; RFC 1460 §5). */
import type { Actions, SessionContext } from '../session/context';
import { lookUp } from './message-lookup';
import type { ParsedCommand } from './parse-command';

export function* stat(ctx: SessionContext, command: ParsedCommand): Actions {
  const mailbox = ctx.mailbox;
  if (mailbox === undefined || command.args.length > 0) {
    yield* ctx.syntax('STAT');
    return;
  }
  yield* ctx.reply('stat', mailbox.summary());
}

export function* list(ctx: SessionContext, command: ParsedCommand): Actions {
  const mailbox = ctx.mailbox;
  if (mailbox === undefined || command.args.length > 1) {
    yield* ctx.syntax('LIST [msg]');
    return;
  }
  if (command.args.length === 0) {
    const lines = mailbox.listing().map((line) => `${line.msg} ${line.size}`);
    yield* ctx.listing('list-all', mailbox.summary(), lines);
    return;
  }
  const found = yield* lookUp(ctx, command.args[0], 'LIST [msg]');
  if (found === undefined) return;
  yield* ctx.reply('list-one', { msg: found.msg, size: found.mailbox.sizeOf(found.index) });
}

export function* uidl(ctx: SessionContext, command: ParsedCommand): Actions {
  const mailbox = ctx.mailbox;
  if (mailbox === undefined || command.args.length > 1) {
    yield* ctx.syntax('UIDL [msg]');
    return;
  }
  if (command.args.length === 0) {
    const lines = mailbox.listing().map((line) => `${line.msg} ${line.uid}`);
    yield* ctx.listing('uidl-all', {}, lines);
    return;
  }
  const found = yield* lookUp(ctx, command.args[0], 'UIDL [msg]');
  if (found === undefined) return;
  yield* ctx.reply('uidl-one', { msg: found.msg, uid: found.mailbox.uidOf(found.index) });
}

export function* dele(ctx: SessionContext, command: ParsedCommand): Actions {
  if (command.args.length !== 1) {
    yield* ctx.syntax('DELE msg');
    return;
  }
  const found = yield* lookUp(ctx, command.args[0], 'DELE msg');
  if (found === undefined) return;
  found.mailbox.mark(found.index);
  noteAccess(ctx, found.index);
  yield ctx.event({ type: 'marked-deleted', msg: found.msg });
  yield* ctx.reply('dele', { msg: found.msg });
}

export function* rset(ctx: SessionContext, command: ParsedCommand): Actions {
  const mailbox = ctx.mailbox;
  if (mailbox === undefined || command.args.length > 0) {
    yield* ctx.syntax('RSET');
    return;
  }
  const restored = mailbox.reset();
  // RFC 1460 §5: RSET also sets the "highest number accessed" back to zero.
  ctx.lastAccessed = 0;
  yield ctx.event({ type: 'reset', restored });
  yield* ctx.reply('rset', { ...mailbox.summary(), restored: restored.length });
}

export function* last(ctx: SessionContext, command: ParsedCommand): Actions {
  if (command.args.length > 0) {
    yield* ctx.syntax('LAST');
    return;
  }
  yield* ctx.reply('last', { msg: ctx.lastAccessed });
}

/** RFC 1460 §5: RETR and DELE raise the "highest number accessed" that LAST reports. */
export function noteAccess(ctx: SessionContext, index: number): void {
  ctx.lastAccessed = Math.max(ctx.lastAccessed, index + 1);
}
