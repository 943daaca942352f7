/**
 * What a session is given by its driver, and the checked, defaulted form the engine uses.
 * Bad options are the caller's mistake and throw a RangeError at once; limits are validated,
 * never defaulted with `||`, so a 0 or NaN cannot silently remove one.
 */
import type { Authenticator } from '../authenticator';
import type { MaildropStore } from '../maildrop';
import type { FeatureName } from './features';
import { featureName } from './features';
import type { Language } from './language';
import type { PersonaFlaw, PersonaName, PersonaProfile } from './personas';
import { defaultPersona, personaProfile } from './personas';
import type { TlsState } from './state';

export interface Pop3Limits {
  /** Longest command line, CRLF included. Default 255 (RFC 2449 §4). */
  readonly commandLength?: number;
  /** Longest client line inside an AUTH exchange. Default 4096 (RFC 5034 §4 allows more than 255). */
  readonly saslLineLength?: number;
  /** Failed logins in one session before the server hangs up. Default 3. */
  readonly authFailures?: number;
  /** Invalid commands in one session before the server hangs up. Default 20. */
  readonly badCommands?: number;
  /** Complete lines waiting unprocessed (a client that never reads) before it hangs up. Default 1000. */
  readonly pipelinedLines?: number;
}

/** Enforcing LOGIN-DELAY (RFC 2449 §6.5) needs a clock, which the driver owns. */
export interface LoginDelayPolicy {
  /** Minimum seconds between two logins of a user, as CAPA announces it. */
  readonly seconds: number;
  /** May this user log in now? Called after the credentials were accepted. */
  allow(user: string): boolean | Promise<boolean>;
}

export interface Pop3SessionOptions {
  maildrops: MaildropStore;
  authenticator: Authenticator;
  /** Used in the greeting and in the APOP timestamp <token@hostname>. */
  hostname: string;
  /** Unique per connection, supplied by the driver (the engine has no clock). */
  greetingToken: string;
  /** STLS is offered only when 'available'. */
  tls: TlsState;
  /** false: USER/PASS and AUTH PLAIN/LOGIN are refused until TLS is active (RFC 2595 §2.3). */
  allowPlaintextAuth: boolean;
  /** Default 'dovecot-like'. */
  persona?: PersonaName;
  /** Commands and capabilities switched off, e.g. ['TOP', 'UIDL', 'APOP', 'CRAM-MD5']. */
  disabled?: readonly string[];
  /** Commands and capabilities switched on beyond the persona's, e.g. ['LAST']. */
  enabled?: readonly string[];
  /** Language chosen by "LANG *" (RFC 6856 §3.2). Replies are in English until LANG. Default 'en'. */
  language?: Language;
  /** Greeting text after "+OK"; the APOP timestamp is appended when APOP is on. */
  greeting?: string;
  /** IMPLEMENTATION capability argument (RFC 2449 §6.9). Default 'POP3-Lab'. */
  implementation?: string;
  /** EXPIRE capability argument, in days (RFC 2449 §6.7). Default 'NEVER': nothing expires. */
  expire?: number | 'NEVER';
  /** LOGIN-DELAY, announced and enforced only when given. */
  loginDelay?: LoginDelayPolicy;
  /**
   * RETR/TOP of a message whose header holds non-ASCII bytes while the client has not sent
   * UTF8: 'refuse' answers -ERR [UTF8] (RFC 6856 §2.1, §5), 'send' sends it as is, like servers
   * that predate RFC 6856. Only applies while the UTF8 capability is on. Default 'refuse'.
   */
  nonAsciiHeaders?: 'refuse' | 'send';
  limits?: Pop3Limits;
  /**
   * false when nobody looks at the session's events (a server with no log and no
   * transcripts): the engine then makes none and yields none. Default true.
   */
  events?: boolean;
}

/** The checked options, with every default applied. */
export interface SessionConfig {
  readonly maildrops: MaildropStore;
  readonly authenticator: Authenticator;
  readonly hostname: string;
  readonly greetingToken: string;
  readonly tls: TlsState;
  readonly allowPlaintextAuth: boolean;
  readonly persona: PersonaName;
  readonly wording: PersonaProfile['wording'];
  readonly flaw: PersonaFlaw | undefined;
  readonly features: ReadonlySet<FeatureName>;
  readonly preferredLanguage: Language;
  readonly greeting: string | undefined;
  readonly implementation: string;
  readonly expire: number | 'NEVER';
  readonly loginDelay: LoginDelayPolicy | undefined;
  readonly nonAsciiHeaders: 'refuse' | 'send';
  readonly limits: Required<Pop3Limits>;
  readonly events: boolean;
}

export const defaultLimits: Required<Pop3Limits> = {
  commandLength: 255,
  saslLineLength: 4096,
  authFailures: 3,
  badCommands: 20,
  pipelinedLines: 1000,
};

// msg-id parts (RFC 822): printable ASCII without space, "<", ">", "@".
const MSG_ID_PART = /^[\x21-\x3b\x3d\x3f\x41-\x7e]+$/;
const PRINTABLE = /^[\x20-\x7e]*$/;

export function resolveOptions(options: Pop3SessionOptions): SessionConfig {
  if (!MSG_ID_PART.test(options.hostname)) {
    throw new RangeError(
      `hostname must be printable ASCII without spaces, <, > or @: "${options.hostname}"`,
    );
  }
  if (!MSG_ID_PART.test(options.greetingToken)) {
    throw new RangeError(
      `greetingToken must be printable ASCII without spaces, <, > or @: "${options.greetingToken}"`,
    );
  }
  if (options.tls !== 'active' && options.tls !== 'available' && options.tls !== 'unavailable') {
    throw new RangeError(`tls must be 'active', 'available' or 'unavailable'`);
  }
  const language = options.language ?? 'en';
  if (language !== 'en' && language !== 'fr') throw new RangeError(`language must be 'en' or 'fr'`);
  const persona = options.persona ?? defaultPersona;
  const profile = personaProfile(persona);

  const features = new Set(profile.features);
  for (const name of options.enabled ?? []) features.add(featureName(name));
  for (const name of options.disabled ?? []) features.delete(featureName(name));

  const greeting = options.greeting;
  if (
    greeting !== undefined &&
    (!PRINTABLE.test(greeting) || greeting.includes('<') || greeting.length > 200)
  ) {
    throw new RangeError('greeting must be printable ASCII without "<", at most 200 characters');
  }
  const implementation = options.implementation ?? 'POP3-Lab';
  if (
    !PRINTABLE.test(implementation) ||
    implementation.trim() === '' ||
    implementation.length > 200
  ) {
    throw new RangeError('implementation must be printable ASCII, 1 to 200 characters');
  }
  const expire = options.expire ?? 'NEVER';
  if (expire !== 'NEVER' && !isCount(expire, 0)) {
    throw new RangeError(`expire must be 'NEVER' or a whole number of days ≥ 0, got ${expire}`);
  }
  if (options.loginDelay !== undefined && !isCount(options.loginDelay.seconds, 0)) {
    throw new RangeError(`loginDelay.seconds must be a whole number ≥ 0`);
  }
  const nonAsciiHeaders = options.nonAsciiHeaders ?? 'refuse';
  if (nonAsciiHeaders !== 'refuse' && nonAsciiHeaders !== 'send') {
    throw new RangeError(`nonAsciiHeaders must be 'refuse' or 'send'`);
  }

  return {
    maildrops: options.maildrops,
    authenticator: options.authenticator,
    hostname: options.hostname,
    greetingToken: options.greetingToken,
    tls: options.tls,
    allowPlaintextAuth: options.allowPlaintextAuth === true,
    persona,
    wording: profile.wording,
    flaw: profile.flaw,
    features,
    preferredLanguage: language,
    greeting,
    implementation,
    expire,
    loginDelay: options.loginDelay,
    nonAsciiHeaders,
    limits: resolveLimits(options.limits ?? {}),
    events: options.events !== false,
  };
}

function resolveLimits(limits: Pop3Limits): Required<Pop3Limits> {
  const resolved = { ...defaultLimits };
  const minimum: Required<Pop3Limits> = {
    commandLength: 8,
    saslLineLength: 8,
    authFailures: 1,
    badCommands: 1,
    pipelinedLines: 1,
  };
  for (const key of Object.keys(defaultLimits) as (keyof Pop3Limits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (!isCount(value, minimum[key])) {
      throw new RangeError(`limits.${key} must be a whole number ≥ ${minimum[key]}, got ${value}`);
    }
    resolved[key] = value;
  }
  if (resolved.saslLineLength < resolved.commandLength) {
    throw new RangeError('limits.saslLineLength must be at least limits.commandLength');
  }
  return resolved;
}

function isCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}
