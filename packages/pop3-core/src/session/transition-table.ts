/**
 * The one table of the protocol: for each state, the commands it accepts and who handles them
 * (RFC 1939 §3–§7, RFC 1460 §5, RFC 2449 §5, RFC 2595 §4, RFC 5034 §4, RFC 6856 §2–§3).
 * A (state, keyword) pair not in the table is answered -ERR by `route`, with the reason: the
 * command does not exist, is switched off, or belongs to another state. UPDATE accepts nothing:
 * the session closes as soon as it gets there.
 */
import { apop, pass, quitAuthorization, user } from '../commands/authorization';
import { capa, lang, noop, utf8 } from '../commands/general';
import type { ParsedCommand } from '../commands/parse-command';
import { quitTransaction } from '../commands/quit';
import { retr, top } from '../commands/retrieve';
import { auth } from '../commands/sasl';
import { stls } from '../commands/stls';
import { dele, last, list, rset, stat, uidl } from '../commands/transaction';
import type { Actions, SessionContext } from './context';
import type { FeatureName } from './features';
import type { Pop3State } from './state';

export type Handler = (ctx: SessionContext, command: ParsedCommand) => Actions;

export const transitions: { readonly [S in Pop3State]: Readonly<Record<string, Handler>> } = {
  AUTHORIZATION: {
    USER: user,
    PASS: pass,
    APOP: apop,
    AUTH: auth,
    STLS: stls,
    CAPA: capa,
    UTF8: utf8,
    LANG: lang,
    QUIT: quitAuthorization,
  },
  TRANSACTION: {
    STAT: stat,
    LIST: list,
    RETR: retr,
    TOP: top,
    DELE: dele,
    NOOP: noop,
    RSET: rset,
    UIDL: uidl,
    LAST: last,
    CAPA: capa,
    LANG: lang,
    QUIT: quitTransaction,
  },
  UPDATE: {},
};

/** Optional commands and the feature that switches them on. The others are always there. */
const requiredFeature: Readonly<Record<string, FeatureName>> = {
  USER: 'USER',
  PASS: 'USER',
  APOP: 'APOP',
  AUTH: 'SASL',
  STLS: 'STLS',
  CAPA: 'CAPA',
  UTF8: 'UTF8',
  LANG: 'LANG',
  TOP: 'TOP',
  UIDL: 'UIDL',
  LAST: 'LAST',
};

export type Route =
  | { readonly kind: 'handler'; readonly handler: Handler }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'disabled' }
  | { readonly kind: 'wrong-state'; readonly validIn: Pop3State };

export function route(
  state: Pop3State,
  keyword: string,
  has: (feature: FeatureName) => boolean,
): Route {
  const validIn = (Object.keys(transitions) as Pop3State[]).filter((s) =>
    Object.hasOwn(transitions[s], keyword),
  );
  if (validIn.length === 0) return { kind: 'unknown' };
  const feature = requiredFeature[keyword];
  if (feature !== undefined && !has(feature)) return { kind: 'disabled' };
  if (validIn.includes(state)) return { kind: 'handler', handler: transitions[state][keyword]! };
  return { kind: 'wrong-state', validIn: validIn[0]! };
}
