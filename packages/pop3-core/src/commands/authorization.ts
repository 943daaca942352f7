/** USER, PASS, APOP and QUIT before login (RFC 1939 §4, §7). */
import { apopDigest } from '../auth/digests';
import { secretsEqual } from '../auth/constant-time';
import type { Actions, SessionContext } from '../session/context';
import type { ParsedCommand } from './parse-command';
import { attemptLogin } from './login';

export function* user(ctx: SessionContext, command: ParsedCommand): Actions {
  if (!ctx.plaintextAllowed) {
    yield* ctx.reply('plaintext-refused', {});
    return;
  }
  const [name] = command.args;
  if (name === undefined || command.args.length !== 1) {
    yield* ctx.syntax('USER name');
    return;
  }
  ctx.userForPass = name;
  yield* ctx.reply('user-accepted', { user: name });
}

export function* pass(ctx: SessionContext, command: ParsedCommand): Actions {
  const name = ctx.userForPass;
  ctx.userForPass = undefined;
  if (!ctx.plaintextAllowed) {
    yield* ctx.reply('plaintext-refused', {});
    return;
  }
  if (name === undefined) {
    yield* ctx.reply('pass-without-user', {});
    return;
  }
  // RFC 1939 §7: PASS has one argument, which may contain spaces.
  const given = command.rest;
  if (given === '') {
    yield* ctx.syntax('PASS password');
    return;
  }
  yield* attemptLogin(ctx, name, 'USER', (secret) => secretsEqual(given, secret));
}

export function* apop(ctx: SessionContext, command: ParsedCommand): Actions {
  const [name, digest] = command.args;
  if (
    name === undefined ||
    digest === undefined ||
    command.args.length !== 2 ||
    !/^[0-9a-f]{32}$/i.test(digest)
  ) {
    yield* ctx.syntax('APOP name digest (32 hex digits)');
    return;
  }
  const timestamp = greetingTimestamp(ctx);
  yield* attemptLogin(ctx, name, 'APOP', (secret) =>
    secretsEqual(digest.toLowerCase(), apopDigest(timestamp, secret)),
  );
}

export function* quitAuthorization(ctx: SessionContext): Actions {
  // RFC 1939 §4: QUIT here ends the session without entering UPDATE.
  yield* ctx.reply('quit-authorization', { hostname: ctx.config.hostname });
  yield* ctx.close('quit');
}

/** The APOP timestamp of the greeting, angle brackets included (RFC 1939 §7). */
export function greetingTimestamp(ctx: SessionContext): string {
  return `<${ctx.config.greetingToken}@${ctx.config.hostname}>`;
}
