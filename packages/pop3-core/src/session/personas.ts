/**
 * Personas: named server behaviours. Three follow the rules (`dovecot-like`, the default, with
 * the modern extensions; `strict-rfc1939` with none; `legacy`, RFC 1460 with LAST). The others
 * are teaching personas that each break exactly one rule on purpose and say which — they are
 * never the default.
 */
import type { FeatureName } from './features';
import { featureNames } from './features';
import type { Localized } from './language';

export type PersonaName =
  | 'dovecot-like'
  | 'strict-rfc1939'
  | 'legacy'
  | 'no-dot-stuffing'
  | 'lf-sizes'
  | 'renumbering'
  | 'phantom-capability'
  | 'flaky';

/** The one deliberate mistake of a teaching persona. */
export type PersonaFlaw = Exclude<PersonaName, 'dovecot-like' | 'strict-rfc1939' | 'legacy'>;

export interface PersonaInfo {
  readonly name: PersonaName;
  /** What the persona is, in a sentence. */
  readonly summary: Localized;
  /** What it breaks and what a client then sees; null for the personas that follow the rules. */
  readonly breaks: Localized | null;
  /** The rule it follows or breaks. */
  readonly rfc: string;
}

/** How a persona behaves, for the session. */
export interface PersonaProfile {
  readonly features: ReadonlySet<FeatureName>;
  /** Reply wording: Dovecot's ("+OK Logged in.") or the RFC 1939 examples'. */
  readonly wording: 'dovecot' | 'rfc1939';
  readonly flaw: PersonaFlaw | undefined;
}

/** The `flaky` persona fails every n-th command with [SYS/TEMP]. */
export const FLAKY_EVERY = 5;

export const defaultPersona: PersonaName = 'dovecot-like';

export const personas: Readonly<Record<PersonaName, PersonaInfo>> = {
  'dovecot-like': {
    name: 'dovecot-like',
    summary: {
      en: 'A modern server in the manner of Dovecot: CAPA, TOP, UIDL, SASL, STLS, response codes, UTF8 and LANG.',
      fr: 'Un serveur moderne à la manière de Dovecot : CAPA, TOP, UIDL, SASL, STLS, codes de réponse, UTF8 et LANG.',
    },
    breaks: null,
    rfc: 'RFC 1939, RFC 2449, RFC 5034, RFC 2595, RFC 6856',
  },
  'strict-rfc1939': {
    name: 'strict-rfc1939',
    summary: {
      en: 'RFC 1939 and nothing more: USER/PASS, APOP, TOP and UIDL; no CAPA, no AUTH, no STLS, no response codes. Replies worded as in the RFC examples.',
      fr: 'La RFC 1939 et rien de plus : USER/PASS, APOP, TOP et UIDL ; ni CAPA, ni AUTH, ni STLS, ni codes de réponse. Réponses formulées comme dans les exemples de la RFC.',
    },
    breaks: null,
    rfc: 'RFC 1939',
  },
  legacy: {
    name: 'legacy',
    summary: {
      en: 'An old RFC 1460 server: LAST is there, CAPA and UIDL are not.',
      fr: 'Un ancien serveur RFC 1460 : LAST est là, CAPA et UIDL non.',
    },
    breaks: null,
    rfc: 'RFC 1460',
  },
  'no-dot-stuffing': {
    name: 'no-dot-stuffing',
    summary: {
      en: 'Sends message lines that begin with "." as they are.',
      fr: 'Envoie tels quels les lignes de message qui commencent par « . ».',
    },
    breaks: {
      en: 'Byte-stuffing: a line holding only "." ends the reply too early for the client, and other lines starting with "." lose their first dot.',
      fr: 'Le bourrage d’octets : une ligne réduite à « . » termine la réponse trop tôt pour le client, et les autres lignes commençant par « . » perdent leur premier point.',
    },
    rfc: 'RFC 1939 §3',
  },
  'lf-sizes': {
    name: 'lf-sizes',
    summary: {
      en: 'Reports message sizes as stored with LF line ends instead of the CRLF octets it sends.',
      fr: 'Annonce les tailles des messages comme stockés avec des fins de ligne LF, et non les octets CRLF envoyés.',
    },
    breaks: {
      en: 'Sizes: STAT, LIST and RETR announce fewer octets than RETR sends (one per line), so clients that trust the size cut messages short or show wrong progress.',
      fr: 'Les tailles : STAT, LIST et RETR annoncent moins d’octets que RETR n’en envoie (un par ligne) ; les clients qui s’y fient tronquent les messages ou affichent une mauvaise progression.',
    },
    rfc: 'RFC 1939 §5',
  },
  renumbering: {
    name: 'renumbering',
    summary: {
      en: 'Renumbers the remaining messages after each DELE.',
      fr: 'Renumérote les messages restants après chaque DELE.',
    },
    breaks: {
      en: 'Fixed message numbers: after DELE 1, "RETR 2" fetches what was message 3, and a client that deletes 1, 2, 3 in a row deletes the wrong messages.',
      fr: 'La stabilité des numéros : après DELE 1, « RETR 2 » ramène l’ancien message 3, et un client qui supprime 1, 2, 3 à la suite supprime les mauvais messages.',
    },
    rfc: 'RFC 1939 §5',
  },
  'phantom-capability': {
    name: 'phantom-capability',
    summary: {
      en: 'Lists UIDL in CAPA but has no UIDL command.',
      fr: 'Annonce UIDL dans CAPA mais n’a pas de commande UIDL.',
    },
    breaks: {
      en: 'CAPA honesty: clients that keep mail on the server rely on UIDL and fail when it answers -ERR.',
      fr: 'L’honnêteté de CAPA : les clients qui laissent le courrier sur le serveur comptent sur UIDL et échouent quand il répond -ERR.',
    },
    rfc: 'RFC 2449 §5',
  },
  flaky: {
    name: 'flaky',
    summary: {
      en: `Fails every ${FLAKY_EVERY}th command with -ERR [SYS/TEMP], without doing it.`,
      fr: `Fait échouer une commande sur ${FLAKY_EVERY} avec -ERR [SYS/TEMP], sans l’exécuter.`,
    },
    breaks: {
      en: 'Reliability: a temporary failure is allowed, but a client must retry or give up cleanly; watch what it does.',
      fr: 'La fiabilité : une panne temporaire est permise, mais le client doit réessayer ou abandonner proprement ; observez ce qu’il fait.',
    },
    rfc: 'RFC 3206 §4',
  },
};

const modern: readonly FeatureName[] = featureNames.filter((feature) => feature !== 'LAST');

const profiles: Readonly<Record<PersonaName, PersonaProfile>> = {
  'dovecot-like': { features: new Set(modern), wording: 'dovecot', flaw: undefined },
  'strict-rfc1939': {
    features: new Set<FeatureName>(['TOP', 'UIDL', 'USER', 'APOP']),
    wording: 'rfc1939',
    flaw: undefined,
  },
  legacy: {
    features: new Set<FeatureName>(['TOP', 'USER', 'APOP', 'LAST']),
    wording: 'rfc1939',
    flaw: undefined,
  },
  'no-dot-stuffing': { features: new Set(modern), wording: 'dovecot', flaw: 'no-dot-stuffing' },
  'lf-sizes': { features: new Set(modern), wording: 'dovecot', flaw: 'lf-sizes' },
  renumbering: { features: new Set(modern), wording: 'dovecot', flaw: 'renumbering' },
  'phantom-capability': {
    features: new Set(modern.filter((feature) => feature !== 'UIDL')),
    wording: 'dovecot',
    flaw: 'phantom-capability',
  },
  flaky: { features: new Set(modern), wording: 'dovecot', flaw: 'flaky' },
};

export function personaProfile(name: PersonaName): PersonaProfile {
  const profile = profiles[name];
  if (profile === undefined) {
    throw new RangeError(
      `Unknown persona "${String(name)}"; known: ${Object.keys(profiles).join(', ')}`,
    );
  }
  return profile;
}
