/**
 * The commands and capabilities that can be switched on or off, per persona and per session
 * (`disabled`, `enabled`), so students see how a client copes without them.
 */
export const featureNames = [
  // Optional commands (RFC 1939 §7, RFC 1460, RFC 2449, RFC 2595, RFC 5034, RFC 6856).
  'CAPA',
  'TOP',
  'UIDL',
  'USER',
  'APOP',
  'SASL',
  'STLS',
  'UTF8',
  'LANG',
  'LAST',
  // Capabilities that only describe behaviour (RFC 2449 §6, RFC 3206 §6).
  'RESP-CODES',
  'AUTH-RESP-CODE',
  'PIPELINING',
  'EXPIRE',
  'LOGIN-DELAY',
  'IMPLEMENTATION',
  // SASL mechanisms (RFC 4616, the LOGIN convention, RFC 2195).
  'PLAIN',
  'LOGIN',
  'CRAM-MD5',
] as const;

export type FeatureName = (typeof featureNames)[number];

export type SaslMechanism = 'PLAIN' | 'LOGIN' | 'CRAM-MD5';

/** Mechanisms in the order CAPA lists them. PLAIN and LOGIN send the password itself. */
export const saslMechanisms: readonly SaslMechanism[] = ['PLAIN', 'LOGIN', 'CRAM-MD5'];

export const plaintextMechanisms: ReadonlySet<SaslMechanism> = new Set(['PLAIN', 'LOGIN']);

/** Other names people use for a feature: the AUTH command is the SASL capability. */
const aliases: Readonly<Record<string, FeatureName>> = { AUTH: 'SASL', PASS: 'USER' };

/** Reads a feature name as a user wrote it; throws on a name the engine does not know. */
export function featureName(name: string): FeatureName {
  const upper = name.trim().toUpperCase();
  const known = aliases[upper] ?? featureNames.find((feature) => feature === upper);
  if (known === undefined) {
    throw new RangeError(
      `Unknown command or capability "${name}"; known: ${featureNames.join(', ')}`,
    );
  }
  return known;
}
