/**
 * The objective vocabulary: what a lab can ask the checker to watch for, written as one short
 * expression per objective, e.g. `send TOP 2 0 reply=ok`, `login user=chris via=APOP`,
 * `mailbox alice empty`. Each kind is a type of its own, so a check that cannot be evaluated
 * cannot be built; `parseCheck` turns the text into one or says precisely what is wrong.
 */
import type { AuthMechanism, Pop3State, ResponseCode } from '@pop3-lab/core';
import { tokenizeCheck, type CheckToken } from './check-tokens';

/** A number compared with `=`, `>=` or `<=` (`count>=3`). */
export interface Comparison {
  readonly op: '=' | '>=' | '<=';
  readonly value: number;
}

/** Arguments of a command: any (not given), exactly none, or these (`*` matches any one). */
export type ArgsPattern =
  | { readonly kind: 'any' }
  | { readonly kind: 'none' }
  | { readonly kind: 'exact'; readonly args: readonly string[] };

export type Check =
  /** A connection was opened (to this port; with TLS from the start or not). */
  | { readonly kind: 'connect'; readonly port?: number; readonly tls?: boolean }
  /** The client sent this command and (optionally) got this answer. */
  | {
      readonly kind: 'send';
      readonly keyword: string;
      readonly args: ArgsPattern;
      readonly reply?: 'ok' | 'err';
      readonly code?: ResponseCode;
      /** The user the session was logged in as when the command was sent. */
      readonly user?: string;
    }
  /** A login was attempted and succeeded (or failed, with `ok=no`). */
  | {
      readonly kind: 'login';
      readonly ok: boolean;
      readonly user?: string;
      readonly via?: AuthMechanism;
    }
  /** The server answered with this status and/or response code, to any command. */
  | { readonly kind: 'reply'; readonly ok?: boolean; readonly code?: ResponseCode }
  /** TLS is on for a connection: after STLS, or from the start (port 995). */
  | { readonly kind: 'tls'; readonly via?: 'stls' | 'implicit' }
  /** QUIT in TRANSACTION entered UPDATE and the deletions were applied. */
  | { readonly kind: 'update'; readonly user?: string; readonly deleted?: Comparison }
  /** A logged-in session ended without QUIT: nothing it marked was deleted (RFC 1939 §6). */
  | { readonly kind: 'hangup'; readonly user?: string }
  /** Now: an open session is in this state (as this user). */
  | { readonly kind: 'state'; readonly state: Pop3State; readonly user?: string }
  /** Now: the user's stored mailbox (what a new session would see) looks like this. */
  | {
      readonly kind: 'mailbox';
      readonly user: string;
      readonly count?: Comparison;
      readonly hasSubject: readonly string[];
      readonly lacksSubject: readonly string[];
    }
  /** The student ran this program at the shell, with at least these arguments. */
  | { readonly kind: 'shell'; readonly program: string; readonly args: readonly string[] }
  /** A constraint: this command must not be sent while the step is current. */
  | { readonly kind: 'avoid'; readonly keyword: string };

export type CheckKind = Check['kind'];

export const checkKinds: readonly CheckKind[] = [
  'connect',
  'send',
  'login',
  'reply',
  'tls',
  'update',
  'hangup',
  'state',
  'mailbox',
  'shell',
  'avoid',
];

/** Kinds that describe how things are now rather than something that happened. */
export function isStateCheck(check: Check): check is Extract<Check, { kind: 'state' | 'mailbox' }> {
  return check.kind === 'state' || check.kind === 'mailbox';
}

/** Every command the engine knows (RFC 1939, RFC 1460, RFC 2449, RFC 2595, RFC 5034, RFC 6856). */
export const pop3Keywords: readonly string[] = [
  'USER',
  'PASS',
  'APOP',
  'AUTH',
  'STLS',
  'CAPA',
  'UTF8',
  'LANG',
  'STAT',
  'LIST',
  'RETR',
  'TOP',
  'DELE',
  'NOOP',
  'RSET',
  'UIDL',
  'LAST',
  'QUIT',
];

const responseCodes: readonly ResponseCode[] = [
  'IN-USE',
  'LOGIN-DELAY',
  'AUTH',
  'SYS/TEMP',
  'SYS/PERM',
  'UTF8',
];
const mechanisms: readonly AuthMechanism[] = ['USER', 'APOP', 'PLAIN', 'LOGIN', 'CRAM-MD5'];
const states: readonly Pop3State[] = ['AUTHORIZATION', 'TRANSACTION', 'UPDATE'];

export type CheckResult =
  { readonly ok: true; readonly check: Check } | { readonly ok: false; readonly message: string };

class CheckSyntaxError extends Error {}

export function parseCheck(text: string): CheckResult {
  const tokens = tokenizeCheck(text);
  if (!tokens.ok) return { ok: false, message: tokens.message };
  const [head, ...rest] = tokens.tokens;
  if (head === undefined) return { ok: false, message: 'the check is empty' };
  if (head.kind !== 'word') {
    return { ok: false, message: `a check starts with its kind, not "${head.text}"` };
  }
  const kind = head.value.toLowerCase();
  if (!(checkKinds as readonly string[]).includes(kind)) {
    return {
      ok: false,
      message: `unknown check "${head.value}"${suggest(kind, checkKinds)}; the kinds are ${checkKinds.join(', ')}`,
    };
  }
  try {
    return { ok: true, check: builders[kind as CheckKind](new Arguments(kind, rest)) };
  } catch (error) {
    if (error instanceof CheckSyntaxError) return { ok: false, message: error.message };
    throw error;
  }
}

/** The tokens after the kind, consumed by the kind's builder; leftovers are errors. */
class Arguments {
  readonly #kind: string;
  readonly #words: string[] = [];
  readonly #options = new Map<string, CheckToken[]>();

  constructor(kind: string, tokens: readonly CheckToken[]) {
    this.#kind = kind;
    for (const token of tokens) {
      if (token.kind === 'word') {
        if (this.#options.size > 0) {
          throw new CheckSyntaxError(
            `"${token.value}" comes after a key=value option; put plain words first`,
          );
        }
        this.#words.push(token.value);
      } else {
        const list = this.#options.get(token.key) ?? [];
        list.push(token);
        this.#options.set(token.key, list);
      }
    }
  }

  /** All plain words, consumed. */
  words(): string[] {
    return this.#words.splice(0);
  }

  /** Takes the first plain word, or fails with `what` named. */
  word(what: string): string {
    const word = this.#words.shift();
    if (word === undefined) throw new CheckSyntaxError(`"${this.#kind}" needs ${what}`);
    return word;
  }

  optionalWord(): string | undefined {
    return this.#words.shift();
  }

  /** A `key=value` option given at most once. */
  text(key: string): string | undefined {
    const tokens = this.#take(key);
    if (tokens.length > 1) throw new CheckSyntaxError(`"${key}" is given twice`);
    const token = tokens[0];
    if (token === undefined) return undefined;
    if (token.kind !== 'option' || token.op !== '=') {
      throw new CheckSyntaxError(`"${key}" takes "=", as in ${key}=…`);
    }
    return token.value;
  }

  /** A `key=value` option that may repeat. */
  texts(key: string): string[] {
    return this.#take(key).map((token) => {
      if (token.kind !== 'option' || token.op !== '=') {
        throw new CheckSyntaxError(`"${key}" takes "=", as in ${key}=…`);
      }
      return token.value;
    });
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fold = true): T | undefined {
    const value = this.text(key);
    if (value === undefined) return undefined;
    const wanted = fold ? value.toUpperCase() : value;
    const match = allowed.find((item) => (fold ? item.toUpperCase() : item) === wanted);
    if (match === undefined) {
      throw new CheckSyntaxError(
        `${key}=${value} is not allowed${suggest(wanted, allowed)}; use one of ${allowed.join(', ')}`,
      );
    }
    return match;
  }

  yesNo(key: string): boolean | undefined {
    const value = this.text(key);
    if (value === undefined) return undefined;
    const folded = value.toLowerCase();
    if (folded === 'yes' || folded === 'true') return true;
    if (folded === 'no' || folded === 'false') return false;
    throw new CheckSyntaxError(`${key}=${value}: use ${key}=yes or ${key}=no`);
  }

  number(key: string): number | undefined {
    const value = this.text(key);
    if (value === undefined) return undefined;
    return wholeNumber(key, value);
  }

  comparison(key: string): Comparison | undefined {
    const tokens = this.#take(key);
    if (tokens.length > 1) throw new CheckSyntaxError(`"${key}" is given twice`);
    const token = tokens[0];
    if (token === undefined || token.kind !== 'option') return undefined;
    return { op: token.op, value: wholeNumber(key, token.value) };
  }

  /** Fails on anything no builder took. */
  done(): void {
    const word = this.#words[0];
    if (word !== undefined) {
      throw new CheckSyntaxError(`"${this.#kind}" does not take "${word}" here`);
    }
    const [key] = this.#options.keys();
    if (key !== undefined) {
      throw new CheckSyntaxError(
        `"${this.#kind}" has no option "${key}"${suggest(key, optionNames[this.#kind as CheckKind] ?? [])}${
          optionNames[this.#kind as CheckKind]?.length
            ? `; its options are ${optionNames[this.#kind as CheckKind]?.join(', ')}`
            : ''
        }`,
      );
    }
  }

  #take(key: string): CheckToken[] {
    const tokens = this.#options.get(key) ?? [];
    this.#options.delete(key);
    return tokens;
  }
}

const optionNames: Partial<Record<CheckKind, readonly string[]>> = {
  connect: ['port', 'tls'],
  send: ['args', 'reply', 'code', 'user'],
  login: ['user', 'via', 'ok'],
  reply: ['ok', 'code'],
  tls: ['via'],
  update: ['user', 'deleted'],
  hangup: ['user'],
  state: ['user'],
  mailbox: ['count', 'has-subject', 'lacks-subject'],
};

function wholeNumber(key: string, value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new CheckSyntaxError(`${key} must be a whole number`);
  return Number(value);
}

function keyword(args: Arguments, kind: string): string {
  const word = args.word('a POP3 command, as in "' + kind + ' STAT"').toUpperCase();
  if (!pop3Keywords.includes(word)) {
    throw new CheckSyntaxError(
      `"${word}" is not a POP3 command${suggest(word, pop3Keywords)}; the commands are ${pop3Keywords.join(' ')}`,
    );
  }
  return word;
}

const builders: { readonly [K in CheckKind]: (args: Arguments) => Extract<Check, { kind: K }> } = {
  connect(args) {
    const port = args.number('port');
    if (port !== undefined && (port < 1 || port > 65535)) {
      throw new CheckSyntaxError(`port=${port} is not a TCP port (1 to 65535)`);
    }
    const tls = args.yesNo('tls');
    args.done();
    return {
      kind: 'connect',
      ...(port !== undefined && { port }),
      ...(tls !== undefined && { tls }),
    };
  },
  send(args) {
    const name = keyword(args, 'send');
    const words = args.words();
    const argsOption = args.text('args');
    let pattern: ArgsPattern = { kind: 'any' };
    if (argsOption !== undefined) {
      if (argsOption !== 'none' && argsOption !== 'any') {
        throw new CheckSyntaxError(
          'args= takes "none" or "any"; write the arguments themselves after the command',
        );
      }
      if (words.length > 0)
        throw new CheckSyntaxError(`args=${argsOption} and arguments cannot go together`);
      pattern = { kind: argsOption };
    } else if (words.length > 0) {
      pattern = { kind: 'exact', args: words };
    }
    const reply = args.oneOf('reply', ['ok', 'err'] as const, false);
    const code = args.oneOf('code', responseCodes);
    const user = args.text('user');
    args.done();
    return {
      kind: 'send',
      keyword: name,
      args: pattern,
      ...(reply !== undefined && { reply }),
      ...(code !== undefined && { code }),
      ...(user !== undefined && { user }),
    };
  },
  login(args) {
    const user = args.text('user');
    const via = args.oneOf('via', mechanisms);
    const ok = args.yesNo('ok') ?? true;
    args.done();
    return {
      kind: 'login',
      ok,
      ...(user !== undefined && { user }),
      ...(via !== undefined && { via }),
    };
  },
  reply(args) {
    const ok = args.yesNo('ok');
    const code = args.oneOf('code', responseCodes);
    args.done();
    if (ok === undefined && code === undefined) {
      throw new CheckSyntaxError('"reply" needs ok=yes, ok=no or code=…');
    }
    return { kind: 'reply', ...(ok !== undefined && { ok }), ...(code !== undefined && { code }) };
  },
  tls(args) {
    const via = args.oneOf('via', ['stls', 'implicit'] as const, false);
    args.done();
    return { kind: 'tls', ...(via !== undefined && { via }) };
  },
  update(args) {
    const user = args.text('user');
    const deleted = args.comparison('deleted');
    args.done();
    return {
      kind: 'update',
      ...(user !== undefined && { user }),
      ...(deleted !== undefined && { deleted }),
    };
  },
  hangup(args) {
    const user = args.text('user');
    args.done();
    return { kind: 'hangup', ...(user !== undefined && { user }) };
  },
  state(args) {
    const word = args.word('a state: AUTHORIZATION, TRANSACTION or UPDATE').toUpperCase();
    const state = states.find((s) => s === word);
    if (state === undefined) {
      throw new CheckSyntaxError(
        `"${word}" is not a POP3 state${suggest(word, states)}; use AUTHORIZATION, TRANSACTION or UPDATE`,
      );
    }
    const user = args.text('user');
    args.done();
    return { kind: 'state', state, ...(user !== undefined && { user }) };
  },
  mailbox(args) {
    const user = args.word('a user name, as in "mailbox alice empty"');
    const flag = args.optionalWord();
    let count = args.comparison('count');
    if (flag !== undefined) {
      if (flag !== 'empty')
        throw new CheckSyntaxError(`"mailbox" does not take "${flag}"; did you mean "empty"?`);
      if (count !== undefined) throw new CheckSyntaxError('"empty" and count= cannot go together');
      count = { op: '=', value: 0 };
    }
    const hasSubject = args.texts('has-subject');
    const lacksSubject = args.texts('lacks-subject');
    args.done();
    if (count === undefined && hasSubject.length === 0 && lacksSubject.length === 0) {
      throw new CheckSyntaxError(
        '"mailbox" needs empty, count=…, has-subject=… or lacks-subject=…',
      );
    }
    return {
      kind: 'mailbox',
      user,
      ...(count !== undefined && { count }),
      hasSubject,
      lacksSubject,
    };
  },
  shell(args) {
    const program = args.word('a program name, as in "shell md5sum"');
    const rest = args.words();
    args.done();
    return { kind: 'shell', program, args: rest };
  },
  avoid(args) {
    const name = keyword(args, 'avoid');
    args.done();
    return { kind: 'avoid', keyword: name };
  },
};

/** ` (did you mean "X"?)` when a close spelling exists. */
export function suggest(word: string, candidates: readonly string[]): string {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined || best.toLowerCase() === lower ? '' : ` (did you mean "${best}"?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
