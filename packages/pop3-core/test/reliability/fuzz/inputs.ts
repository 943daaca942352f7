/**
 * Fuzz inputs: what a client could send, right or wrong. Each case is made from one seed by
 * one of several strategies — commands from the grammar with random arguments, valid sessions
 * mutated at the byte level, raw binary, over-long lines, pipelined floods, SASL and STLS
 * exchanges, odd line ends — then cut into chunks at random places (a CRLF split across two
 * reads included) or fed byte by byte.
 */
import { utf8Encode } from '@pop3-lab/protocol';
import { apopDigest, cramMd5Digest, encodeBase64 } from '../../../src';
import { concat, MESSAGES, PASSWORD, PROFILES, TIMESTAMP, USER, type StoreKind } from './fixture';
import { Random } from './random';

export const STRATEGIES = [
  'grammar',
  'mutated',
  'binary',
  'long-lines',
  'flood',
  'sasl',
  'stls',
  'line-ends',
] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const CHUNKINGS = ['whole', 'random-cuts', 'crlf-split', 'byte-by-byte'] as const;
export type Chunking = (typeof CHUNKINGS)[number];

export interface FuzzCase {
  readonly seed: number;
  readonly strategy: Strategy;
  readonly chunking: Chunking;
  readonly profile: number;
  readonly store: StoreKind;
  readonly chunks: readonly Uint8Array[];
}

/** Every keyword the engine knows, and some it does not. */
export const KEYWORDS = [
  'USER',
  'PASS',
  'APOP',
  'AUTH',
  'STLS',
  'CAPA',
  'UTF8',
  'LANG',
  'QUIT',
  'STAT',
  'LIST',
  'RETR',
  'TOP',
  'DELE',
  'NOOP',
  'RSET',
  'UIDL',
  'LAST',
] as const;
const UNKNOWN = ['HELO', 'XTND', 'RETR1', 'EHLO', 'GET', 'XYZZY', 'US ER', 'QUITX', '*'];
const COUNT = MESSAGES.length;

const te = (text: string) => utf8Encode(text);

/** Builds the case for `seed`; `storeWeights` lets a campaign favour the fast memory store. */
export function makeCase(
  seed: number,
  storeWeights: readonly (readonly [number, StoreKind])[] = [
    [90, 'memory'],
    [5, 'mbox'],
    [5, 'maildir'],
  ],
): FuzzCase {
  const random = new Random(seed);
  const strategy = random.pick(STRATEGIES);
  const profile = random.int(PROFILES.length);
  const store = random.weighted(storeWeights);
  const input = generators[strategy](random);
  let chunking: Chunking = random.weighted([
    [4, 'whole'],
    [4, 'random-cuts'],
    [2, 'crlf-split'],
    [1, 'byte-by-byte'],
  ]);
  if (chunking === 'byte-by-byte' && input.length > 600) chunking = 'random-cuts';
  return { seed, strategy, chunking, profile, store, chunks: cut(random, input, chunking) };
}

const generators: Record<Strategy, (random: Random) => Uint8Array> = {
  grammar: (random) => lines(random, [...maybeLogin(random), ...commands(random, 1, 30)]),
  mutated: (random) =>
    mutate(random, lines(random, [...login(random), ...commands(random, 1, 12, true)])),
  binary: (random) => {
    const prefix = random.chance(0.5) ? lines(random, login(random)) : new Uint8Array(0);
    const parts = [prefix];
    for (let n = random.range(1, 4); n > 0; n--) {
      parts.push(random.bytes(random.range(0, 700)));
      if (random.chance(0.5)) parts.push(te(random.pick(['\r\n', '\n', '\r', '\0'])));
    }
    return concat(...parts);
  },
  'long-lines': (random) => {
    const parts = [lines(random, maybeLogin(random))];
    for (let n = random.range(1, 3); n > 0; n--) {
      const length = random.pick([
        253, 254, 255, 256, 510, 511, 512, 513, 4094, 4095, 4096, 4097, 9000, 70_000,
      ]);
      const fill = random.pick(['x', ' ', '.', '\0', 'é']);
      const body = te(
        `${random.pick(['NOOP ', 'USER ', 'PASS ', 'LIST ', 'AUTH PLAIN ', ''])}${fill.repeat(length)}`,
      );
      parts.push(body.subarray(0, Math.min(body.length, length)));
      if (random.chance(0.8)) parts.push(te(random.pick(['\r\n', '\n'])));
      if (random.chance(0.6)) parts.push(lines(random, commands(random, 1, 4)));
    }
    return concat(...parts);
  },
  flood: (random) => {
    const count = random.range(200, 1300);
    const simple = [
      'NOOP',
      'STAT',
      'LIST 1',
      'UIDL',
      'RETR 1',
      'TOP 2 1',
      'DELE 3',
      'RSET',
      'CAPA',
      'XYZZY',
    ];
    const flood: string[] = [];
    for (let i = 0; i < count; i++) flood.push(random.pick(simple));
    return lines(random, [...maybeLogin(random), ...flood]);
  },
  sasl: (random) => {
    const script: string[] = [];
    for (let n = random.range(1, 4); n > 0; n--) script.push(...saslExchange(random));
    if (random.chance(0.7)) script.push(...commands(random, 1, 8));
    return lines(random, script);
  },
  stls: (random) => {
    const script = [
      ...(random.chance(0.3) ? ['CAPA'] : []),
      random.pick(['STLS', 'stls', 'STLS x']),
    ];
    // Commands pipelined behind STLS are the injection attack of RFC 2595 §4's era.
    script.push(...maybeLogin(random), ...commands(random, 0, 6));
    if (random.chance(0.3)) script.push('STLS');
    return lines(random, script);
  },
  'line-ends': (random) => {
    const script = [...maybeLogin(random), ...commands(random, 1, 10)];
    const ends = ['\r\n', '\n', '\r', '\r\r\n', '\n\r', '\r\n\r\n', ' \r\n', '\t\n'];
    return concat(...script.map((line) => te(line + random.pick(ends))));
  },
};

function maybeLogin(random: Random): string[] {
  return random.chance(0.75) ? login(random) : [];
}

/** A login that works — or nearly: wrong password, unknown user, another user's box. */
function login(random: Random): string[] {
  const user = random.weighted([
    [8, USER],
    [1, 'empty'],
    [1, 'nobody'],
  ]);
  const secret = user === 'empty' ? 'empty-pw' : random.chance(0.9) ? PASSWORD : 'wrong';
  switch (random.int(5)) {
    case 0:
      return [`APOP ${user} ${apopDigest(TIMESTAMP, secret)}`];
    case 1:
      return [`AUTH PLAIN ${encodeBase64(te(`\0${user}\0${secret}`))}`];
    case 2:
      return ['AUTH LOGIN', encodeBase64(te(user)), encodeBase64(te(secret))];
    case 3:
      return ['AUTH CRAM-MD5', encodeBase64(te(`${user} ${cramMd5Digest(TIMESTAMP, secret)}`))];
    default:
      return [`${random.pick(['USER', 'user', 'User'])} ${user}`, `PASS ${secret}`];
  }
}

function saslExchange(random: Random): string[] {
  const mechanism = random.pick([
    'PLAIN',
    'LOGIN',
    'CRAM-MD5',
    'plain',
    'DIGEST-MD5',
    'XOAUTH2',
    '',
  ]);
  const head = `AUTH${mechanism === '' ? '' : ` ${mechanism}`}`;
  const answers: string[] = [];
  for (let n = random.range(0, 3); n > 0; n--) {
    answers.push(
      random.weighted([
        [3, encodeBase64(random.bytes(random.range(0, 60)))],
        [1, '*'],
        [1, '='],
        [1, 'not base64!'],
        [1, encodeBase64(te(`\0${USER}\0${PASSWORD}`))],
        [1, 'QUJD='],
        [1, 'A'.repeat(random.range(200, 5000))],
      ]),
    );
  }
  if (random.chance(0.3)) return [`${head} ${answers.shift() ?? '='}`, ...answers];
  return [head, ...answers];
}

/** Commands with arguments from a menu of the right, the wrong and the strange. */
export function commands(random: Random, min: number, max: number, validOnly = false): string[] {
  const out: string[] = [];
  for (let n = random.range(min, max); n > 0; n--) {
    if (!validOnly && random.chance(0.06)) {
      out.push(random.pick(UNKNOWN));
      continue;
    }
    let keyword: string = random.pick(KEYWORDS);
    if (validOnly && keyword === 'STLS') keyword = 'NOOP';
    if (!validOnly && random.chance(0.15)) keyword = keyword.toLowerCase();
    if (!validOnly && random.chance(0.03))
      keyword = `${keyword[0]}${keyword.slice(1).toLowerCase()}`;
    const args = validOnly ? validArgs(random, keyword.toUpperCase()) : randomArgs(random);
    const separator = !validOnly && random.chance(0.1) ? random.pick(['  ', '\t', ' \t ']) : ' ';
    out.push([keyword, ...args].join(separator));
  }
  return out;
}

function validArgs(random: Random, keyword: string): string[] {
  const msg = () => String(random.range(1, COUNT));
  switch (keyword) {
    case 'USER':
      return [USER];
    case 'PASS':
      return [PASSWORD];
    case 'LIST':
    case 'UIDL':
      return random.chance(0.5) ? [] : [msg()];
    case 'RETR':
    case 'DELE':
      return [msg()];
    case 'TOP':
      return [msg(), String(random.range(0, 5))];
    case 'LANG':
      return random.chance(0.5) ? [] : [random.pick(['fr', 'en', '*'])];
    case 'AUTH':
    case 'APOP':
      return [];
    default:
      return [];
  }
}

function randomArgs(random: Random): string[] {
  const args: string[] = [];
  for (
    let n = random.weighted([
      [3, 0],
      [6, 1],
      [4, 2],
      [1, 3],
    ]);
    n > 0;
    n--
  ) {
    args.push(
      random.weighted<() => string>([
        [8, () => String(random.range(0, COUNT + 2))],
        [2, () => random.pick(['-1', '+1', '01', '007', '1.0', '0x1', '1e3', '１', '٣'])],
        [2, () => random.pick(['2147483648', '4294967297', '9007199254740993', '9'.repeat(40)])],
        [
          2,
          () =>
            random.pick([
              USER,
              PASSWORD,
              'empty',
              '..',
              '../../etc/passwd',
              '/etc/shadow',
              'a/b',
              '.lock',
              'chris.lock',
              '~root',
            ]),
        ],
        [
          1,
          () =>
            random.pick(['*', 'fr', 'en', 'PLAIN', 'LOGIN', 'CRAM-MD5', '=', 'é', 'ü'.repeat(60)]),
        ],
        [2, () => printable(random, random.range(1, 30))],
      ])(),
    );
  }
  return args;
}

function printable(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(random.range(0x21, 0x7e));
  return text;
}

function lines(random: Random, script: readonly string[]): Uint8Array {
  const crlfOnly = random.chance(0.85);
  return te(
    script.map((line) => `${line}${crlfOnly || random.chance(0.7) ? '\r\n' : '\n'}`).join(''),
  );
}

/** Byte-level damage to a valid session: what a noisy line or a broken client does. */
function mutate(random: Random, input: Uint8Array): Uint8Array {
  let bytes = Array.from(input);
  for (let n = random.range(1, 8); n > 0; n--) {
    const at = random.int(bytes.length + 1);
    switch (random.int(7)) {
      case 0:
        if (at < bytes.length) bytes[at]! ^= 1 << random.int(8);
        break;
      case 1:
        bytes.splice(at, 0, random.pick([0x00, 0x0d, 0x0a, 0xff, 0x2e, 0x20, 0x09, 0x7f]));
        break;
      case 2:
        bytes.splice(at, random.range(1, 20));
        break;
      case 3: {
        const length = random.range(1, 40);
        bytes.splice(at, 0, ...bytes.slice(Math.max(0, at - length), at));
        break;
      }
      case 4:
        bytes.splice(
          at,
          0,
          ...new Array<number>(random.range(100, 600)).fill(random.pick([0x41, 0x00, 0x20])),
        );
        break;
      case 5:
        bytes = bytes.slice(0, at);
        break;
      default:
        bytes.splice(
          at,
          0,
          ...te(random.pick(['\r\n', '.\r\n', 'QUIT\r\n', 'RSET\r\n', 'DELE 1\r\n', '\r'])),
        );
    }
  }
  return Uint8Array.from(bytes);
}

function cut(random: Random, input: Uint8Array, chunking: Chunking): Uint8Array[] {
  if (input.length === 0) return [input];
  switch (chunking) {
    case 'whole':
      return [input];
    case 'byte-by-byte':
      return Array.from(input, (byte) => Uint8Array.of(byte));
    case 'crlf-split': {
      // A cut between every CR and the LF that follows it.
      const chunks: Uint8Array[] = [];
      let start = 0;
      for (let i = 0; i + 1 < input.length; i++) {
        if (input[i] === 0x0d && input[i + 1] === 0x0a) {
          chunks.push(input.subarray(start, i + 1));
          start = i + 1;
        }
      }
      chunks.push(input.subarray(start));
      return chunks;
    }
    case 'random-cuts': {
      const points = new Set<number>();
      for (let n = random.range(1, 12); n > 0; n--) points.add(random.range(1, input.length));
      const sorted = [...points].sort((a, b) => a - b);
      const chunks: Uint8Array[] = [];
      let start = 0;
      for (const point of sorted) {
        if (point > start) chunks.push(input.subarray(start, point));
        start = point;
      }
      if (start < input.length) chunks.push(input.subarray(start));
      return chunks;
    }
  }
}
