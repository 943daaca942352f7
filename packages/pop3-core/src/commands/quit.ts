/**
 * QUIT after login (RFC 1939 §6): enter UPDATE, remove the messages marked as deleted, release
 * the lock, say goodbye and close — even when removal fails. Messages not marked are never
 * removed. The driver sees `committing` while the maildrop works and lets it finish.
 */
import type { Actions, SessionContext } from '../session/context';
import { waitFor } from '../session/steps';
import { describe, failureCode } from './login';

export function* quitTransaction(ctx: SessionContext): Actions {
  const mailbox = ctx.mailbox;
  if (mailbox === undefined) return;
  const marked = new Set(mailbox.deleted);
  const numbers = [...marked].sort((a, b) => a - b).map((index) => index + 1);
  yield* ctx.changeState('UPDATE');

  let failure: unknown;
  ctx.committing = true;
  try {
    yield* waitFor(mailbox.maildrop.commit(marked));
  } catch (error) {
    failure = error ?? new Error('commit failed');
  } finally {
    ctx.committing = false;
  }

  if (failure === undefined) {
    yield ctx.event({ type: 'update', deleted: numbers, ok: true });
    yield* ctx.reply('quit', {
      deleted: numbers.length,
      remaining: mailbox.remaining,
      hostname: ctx.config.hostname,
    });
  } else {
    const reason = describe(failure);
    yield ctx.event({ type: 'update', deleted: numbers, ok: false, reason });
    const code = failureCode(failure) === 'SYS/PERM' ? 'SYS/PERM' : 'SYS/TEMP';
    yield* ctx.failed('storage', reason, 'quit-failed', { code });
  }
  yield* ctx.close('quit');
}
