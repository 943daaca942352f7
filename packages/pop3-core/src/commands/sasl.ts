/**
 * AUTH (RFC 5034 §4) with the PLAIN (RFC 4616), LOGIN and CRAM-MD5 (RFC 2195) mechanisms:
 * an optional initial response ("=" for an empty one), base64 challenges as "+ " lines,
 * "*" to cancel, strict base64 both ways.
 */
import { utf8Decode, utf8Encode } from '@pop3-lab/protocol';
import { decodeBase64, encodeBase64 } from '../auth/base64';
import { secretsEqual } from '../auth/constant-time';
import { cramMd5Digest } from '../auth/digests';
import { parseCramResponse, parsePlain } from '../auth/sasl-messages';
import type { Actions, SessionContext } from '../session/context';
import { waitFor, type Step } from '../session/steps';
import type { Explanation } from '../session/events';
import type { SaslMechanism } from '../session/features';
import { plaintextMechanisms, saslMechanisms } from '../session/features';
import { attemptLogin, refuseLogin } from './login';
import { MASK } from './mask-secrets';
import type { ParsedCommand } from './parse-command';

type Outcome = 'cancelled' | 'bad-base64' | 'too-long' | 'ended';

export function* auth(ctx: SessionContext, command: ParsedCommand): Actions {
  const [requested, initialArg] = command.args;
  if (requested === undefined) {
    yield* ctx.listing('auth-mechanisms', {}, ctx.mechanisms());
    return;
  }
  if (command.args.length > 2) {
    yield* ctx.syntax('AUTH mechanism [initial-response]');
    return;
  }
  const mechanism = saslMechanisms.find((m) => m === requested.toUpperCase());
  if (mechanism === undefined || !ctx.has(mechanism)) {
    yield* ctx.reply('auth-unsupported', { mechanism: requested.slice(0, 40) });
    return;
  }
  if (plaintextMechanisms.has(mechanism) && !ctx.plaintextAllowed) {
    yield* ctx.reply('plaintext-refused', {});
    return;
  }
  let initial: Uint8Array | undefined;
  if (initialArg !== undefined) {
    if (mechanism === 'CRAM-MD5') {
      yield* ctx.reply('auth-no-initial-response', { mechanism });
      return;
    }
    initial = initialArg === '=' ? new Uint8Array(0) : decodeBase64(initialArg);
    if (initial === undefined) {
      yield* ctx.reply('auth-bad-base64', {});
      return;
    }
  }
  if (mechanism === 'PLAIN') yield* plain(ctx, initial);
  else if (mechanism === 'LOGIN') yield* login(ctx, initial);
  else yield* cramMd5(ctx);
}

function* plain(ctx: SessionContext, initial: Uint8Array | undefined): Actions {
  let message = initial;
  if (message === undefined) {
    // RFC 5034 §4: PLAIN needs a client response first, so the server sends an empty challenge.
    const answer = yield* challenge(ctx, 'PLAIN', '');
    if (!(answer instanceof Uint8Array)) return yield* abandoned(ctx, answer);
    message = answer;
  }
  const credentials = parsePlain(message);
  if (credentials === undefined) {
    yield* ctx.reply('auth-malformed', { mechanism: 'PLAIN', rfc: 'RFC 4616 §2' });
    return;
  }
  if (credentials === 'forbidden-authzid') {
    yield* refuseLogin(ctx, undefined, 'PLAIN');
    return;
  }
  yield* attemptLogin(ctx, credentials.user, 'PLAIN', (secret) =>
    secretsEqual(credentials.secret, secret),
  );
}

function* login(ctx: SessionContext, initial: Uint8Array | undefined): Actions {
  let name = initial;
  if (name === undefined) {
    const answer = yield* challenge(ctx, 'LOGIN', 'Username:');
    if (!(answer instanceof Uint8Array)) return yield* abandoned(ctx, answer);
    name = answer;
  }
  const password = yield* challenge(ctx, 'LOGIN', 'Password:');
  if (!(password instanceof Uint8Array)) return yield* abandoned(ctx, password);
  const given = utf8Decode(password);
  yield* attemptLogin(ctx, utf8Decode(name), 'LOGIN', (secret) => secretsEqual(given, secret));
}

function* cramMd5(ctx: SessionContext): Actions {
  // The first challenge is the greeting's timestamp; later ones in the same session differ.
  ctx.challengeCount += 1;
  const { greetingToken, hostname } = ctx.config;
  const text =
    ctx.challengeCount === 1
      ? `<${greetingToken}@${hostname}>`
      : `<${greetingToken}.${ctx.challengeCount}@${hostname}>`;
  const answer = yield* challenge(ctx, 'CRAM-MD5', text);
  if (!(answer instanceof Uint8Array)) return yield* abandoned(ctx, answer);
  const response = parseCramResponse(answer);
  if (response === undefined) {
    yield* ctx.reply('auth-malformed', { mechanism: 'CRAM-MD5', rfc: 'RFC 2195 §2' });
    return;
  }
  yield* attemptLogin(ctx, response.user, 'CRAM-MD5', (secret) =>
    secretsEqual(response.digest, cramMd5Digest(text, secret)),
  );
}

/** Sends a "+ base64" challenge and reads the client's answer. */
function* challenge(
  ctx: SessionContext,
  mechanism: SaslMechanism,
  text: string,
): Generator<Step, Uint8Array | Outcome> {
  const base64 = encodeBase64(utf8Encode(text));
  yield ctx.event({
    type: 'sasl-challenge',
    base64,
    decoded: text,
    explanation: challengeExplanation(mechanism, text),
  });
  // RFC 5034 §4: "+", one space, then the base64 (nothing at all for an empty challenge).
  yield ctx.send(ctx.encode(`+ ${base64}`));
  const item = yield* waitFor(ctx.input.readLine());
  if (item === undefined) return 'ended';
  if (item.kind === 'too-long') {
    yield ctx.event({ type: 'sasl-response', line: MASK });
    return 'too-long';
  }
  const line = utf8Decode(item.bytes).trim();
  yield ctx.event({ type: 'sasl-response', line: line === '*' ? '*' : MASK });
  if (line === '*') return 'cancelled';
  return decodeBase64(line) ?? 'bad-base64';
}

function* abandoned(ctx: SessionContext, outcome: Outcome): Actions {
  if (outcome === 'cancelled') yield* ctx.reply('auth-cancelled', {});
  else if (outcome === 'bad-base64') yield* ctx.reply('auth-bad-base64', {});
  else if (outcome === 'too-long') {
    yield* ctx.reply('auth-line-too-long', { limit: ctx.config.limits.saslLineLength });
  }
  // 'ended': the transport is gone, there is nobody to answer.
}

function challengeExplanation(mechanism: SaslMechanism, text: string): Explanation {
  if (mechanism === 'PLAIN') {
    return {
      rfc: 'RFC 5034 §4',
      en: 'An empty challenge ("+ " alone): send base64 of NUL, user name, NUL, password on the next line, or "*" to cancel.',
      fr: 'Un défi vide (« + » seul) : envoyez sur la ligne suivante le base64 de NUL, nom, NUL, mot de passe, ou « * » pour annuler.',
    };
  }
  if (mechanism === 'LOGIN') {
    return {
      rfc: 'RFC 5034 §4',
      en: `The server asks "${text}" in base64; answer with the value in base64, or "*" to cancel.`,
      fr: `Le serveur demande « ${text} » en base64 ; répondez par la valeur en base64, ou « * » pour annuler.`,
    };
  }
  return {
    rfc: 'RFC 2195 §2',
    en: `The challenge ${text} is unique; answer with base64 of: your user name, a space, and HMAC-MD5 of the challenge keyed with your password, in hex.`,
    fr: `Le défi ${text} est unique ; répondez par le base64 de : votre nom, une espace, et le HMAC-MD5 du défi avec votre mot de passe pour clé, en hexadécimal.`,
  };
}
