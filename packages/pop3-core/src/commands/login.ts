/**
 * What every login command (PASS, APOP, AUTH) does once it knows who claims to log in: look up
 * the secret, check it, then open and lock the maildrop (RFC 1939 §4) — or refuse, waiting for
 * the authenticator's delay before the -ERR, and hang up after too many failures.
 */
import { MaildropError } from '../maildrop';
import type { Maildrop, OpenResult } from '../maildrop';
import type { AuthMechanism } from '../session/events';
import type { Actions, SessionContext } from '../session/context';
import { MailboxView } from '../session/mailbox-view';
import { waitFor } from '../session/steps';

/** Checks a candidate secret against the stored one. */
export type SecretCheck = (secret: string) => boolean;

/** Something that never matches, so an unknown user costs about as much as a wrong password. */
const NO_SUCH_USER = '\u0000no such user\u0000';

export function* attemptLogin(
  ctx: SessionContext,
  user: string,
  mechanism: AuthMechanism,
  check: SecretCheck,
): Actions {
  let secret: string | undefined;
  try {
    secret = yield* waitFor(ctx.config.authenticator.secret(user));
  } catch (error) {
    yield* ctx.failed('storage', describe(error), 'auth-unavailable', {});
    return;
  }
  const matches = check(secret ?? NO_SUCH_USER) && secret !== undefined;
  if (!matches) {
    yield* refuseLogin(ctx, user, mechanism);
    return;
  }
  yield* acceptLogin(ctx, user, mechanism);
}

export function* refuseLogin(
  ctx: SessionContext,
  user: string | undefined,
  mechanism: AuthMechanism,
): Actions {
  yield ctx.event({ type: 'auth', user, mechanism, ok: false });
  try {
    yield* waitFor(ctx.config.authenticator.failed?.(user));
  } catch {
    // The delay is a courtesy of the driver; its failure must not keep the client waiting forever.
  }
  ctx.authFailures += 1;
  if (ctx.authFailures >= ctx.config.limits.authFailures) {
    yield* ctx.failed('limit', `${ctx.authFailures} failed logins`, 'auth-failed-closing', {});
    yield* ctx.close('limit');
    return;
  }
  yield* ctx.reply('auth-failed', { mechanism });
}

function* acceptLogin(ctx: SessionContext, user: string, mechanism: AuthMechanism): Actions {
  yield ctx.event({ type: 'auth', user, mechanism, ok: true });
  try {
    ctx.config.authenticator.succeeded?.(user);
  } catch {
    // Bookkeeping of the driver (a failure counter); the login itself stands.
  }

  const delay = ctx.config.loginDelay;
  if (
    delay !== undefined &&
    ctx.has('LOGIN-DELAY') &&
    !(yield* waitFor(allowed(delay.allow, user)))
  ) {
    yield* ctx.reply('login-delay', { seconds: delay.seconds });
    return;
  }

  let opened: OpenResult;
  try {
    opened = yield* waitFor(ctx.config.maildrops.open(user));
  } catch (error) {
    opened = { ok: false, code: failureCode(error), reason: describe(error) };
  }
  if (!opened.ok) {
    yield* opened.code === 'IN-USE'
      ? ctx.failed('storage', opened.reason, 'in-use', {})
      : ctx.failed('storage', opened.reason, 'maildrop-unavailable', {
          code: opened.code === 'SYS/PERM' ? 'SYS/PERM' : 'SYS/TEMP',
        });
    return;
  }

  const { maildrop } = opened;
  let sizes: readonly number[] | undefined;
  try {
    // Only the lf-sizes persona announces other sizes than the maildrop's own.
    sizes = ctx.config.flaw === 'lf-sizes' ? yield* waitFor(lfSizes(maildrop)) : undefined;
  } catch (error) {
    yield* waitFor(maildrop.release());
    yield* ctx.reply('maildrop-unavailable', {
      code: failureCode(error) === 'SYS/PERM' ? 'SYS/PERM' : 'SYS/TEMP',
    });
    return;
  }
  const mailbox = new MailboxView(maildrop, sizes, ctx.config.flaw === 'renumbering');
  ctx.mailbox = mailbox;
  yield* ctx.changeState('TRANSACTION');
  const { count, octets } = mailbox.summary();
  yield* ctx.reply('logged-in', { user, count, octets });
}

async function allowed(
  check: (user: string) => boolean | Promise<boolean>,
  user: string,
): Promise<boolean> {
  try {
    return await check(user);
  } catch {
    return true;
  }
}

/** The `lf-sizes` persona's mistake: sizes with LF line ends, as mbox stores them. */
async function lfSizes(maildrop: Maildrop): Promise<number[]> {
  const sizes: number[] = [];
  for (let index = 0; index < maildrop.messages.length; index++) {
    let size = 0;
    let previous = -1;
    for await (const chunk of maildrop.read(index)) {
      size += chunk.length;
      for (const byte of chunk) {
        if (byte === 0x0a && previous === 0x0d) size -= 1;
        previous = byte;
      }
    }
    sizes.push(size);
  }
  return sizes;
}

export function failureCode(error: unknown): 'IN-USE' | 'SYS/TEMP' | 'SYS/PERM' {
  return error instanceof MaildropError ? error.code : 'SYS/TEMP';
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
