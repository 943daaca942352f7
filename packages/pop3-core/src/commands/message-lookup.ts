/** Finding the message a command names, with the -ERR when it cannot (RFC 1939 §5). */
import type { Action, SessionContext } from '../session/context';
import type { MailboxView } from '../session/mailbox-view';
import { decimal, echo } from './arguments';

/**
 * The maildrop index for a message-number argument, or undefined after yielding the reply
 * that says why not (bad syntax, no such message, marked as deleted).
 */
export function* lookUp(
  ctx: SessionContext,
  arg: string | undefined,
  usage: string,
): Generator<Action, { mailbox: MailboxView; index: number; msg: number } | undefined> {
  const mailbox = ctx.mailbox;
  const msg = decimal(arg);
  if (mailbox === undefined || arg === undefined || msg === undefined) {
    yield* ctx.syntax(usage);
    return undefined;
  }
  const found = mailbox.find(msg);
  if (found.ok) return { mailbox, index: found.index, msg };
  if (found.reason === 'deleted') yield* ctx.reply('message-deleted', { msg });
  else yield* ctx.reply('no-such-message', { msg: echo(arg), count: found.count });
  return undefined;
}
