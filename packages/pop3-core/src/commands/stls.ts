/**
 * STLS (RFC 2595 §4): the engine answers +OK and asks its driver to start TLS; the driver does
 * the handshake before pulling the next action. Anything the client sent in clear after STLS
 * and before the handshake is thrown away, so an attacker cannot slip commands in ahead of the
 * encryption (the "STARTTLS command injection" flaw).
 */
import type { Actions, SessionContext } from '../session/context';
import type { ParsedCommand } from './parse-command';

export function* stls(ctx: SessionContext, command: ParsedCommand): Actions {
  if (ctx.tls === 'active') {
    yield* ctx.reply('stls-active', {});
    return;
  }
  if (ctx.tls === 'unavailable') {
    yield* ctx.reply('stls-unavailable', {});
    return;
  }
  if (ctx.utf8Mode) {
    yield* ctx.reply('stls-after-utf8', {});
    return;
  }
  if (command.args.length > 0) {
    yield* ctx.syntax('STLS');
    return;
  }
  yield* discard(ctx);
  yield* ctx.reply('stls-ok', {});
  // The driver pulled again, so the +OK is written: drop what slipped in meanwhile, then upgrade.
  yield* discard(ctx);
  yield { type: 'start-tls' };
  ctx.tls = 'active';
  ctx.userForPass = undefined;
  yield ctx.event({ type: 'tls-started' });
}

function* discard(ctx: SessionContext) {
  const octets = ctx.input.discardBuffered();
  if (octets === 0) return;
  yield* ctx.error(
    'input-discarded',
    `${octets} octets received in clear after STLS were dropped`,
    {
      rfc: 'RFC 2595 §4',
      en: `The client sent ${octets} octets after STLS without waiting for the reply and the TLS handshake; they are thrown away, as they could have been injected by someone on the path.`,
      fr: `Le client a envoyé ${octets} octets après STLS sans attendre la réponse ni la négociation TLS ; ils sont jetés, car ils ont pu être injectés par un tiers sur le chemin.`,
    },
  );
}
