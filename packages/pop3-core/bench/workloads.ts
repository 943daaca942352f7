/**
 * What each microbenchmark does per iteration, in units a reader can compare with the socket
 * benchmarks: commands through the engine, megabytes indexed or sent. The benchmark files run
 * these; the root `npm run bench` report turns vitest's iterations per second into these units.
 */
import { mbox, messages } from './mail-samples';

export const LOGIN = { user: 'student', password: 'bench-pw' };

/** A whole POP3 session as the churn load generator runs it: 9 commands. */
export const CHURN_SCRIPT = [
  `USER ${LOGIN.user}`,
  `PASS ${LOGIN.password}`,
  'STAT',
  'LIST',
  'UIDL',
  'RETR 1',
  'RETR 2',
  'RETR 3',
  'QUIT',
];

/** Logged in, then many cheap commands: the engine's per-command cost. */
export const STEADY_SCRIPT = [
  `USER ${LOGIN.user}`,
  `PASS ${LOGIN.password}`,
  ...Array.from({ length: 100 }, () => ['STAT', 'LIST 1', 'UIDL 2', 'NOOP', 'TOP 3 0']).flat(),
  'QUIT',
];

/** The mailbox both scripts open: three messages of about 1 kB, like the classroom one. */
export const SMALL_MAILBOX = messages(3, 1200, 7);

/** RETR of a large message: dot-stuffing and chunking cost per byte. */
export const RETR_MESSAGE = messages(1, 4 * 1024 * 1024, 11)[0]!;
export const RETR_COUNT = 4;
export const RETR_SCRIPT = [
  `USER ${LOGIN.user}`,
  `PASS ${LOGIN.password}`,
  ...Array.from({ length: RETR_COUNT }, () => 'RETR 1'),
  'QUIT',
];

/** What RETR passes through the byte-stuffer: mail text with CRLF line ends, in 64 KiB chunks. */
export const STUFFING_CHUNKS = 64;
export const STUFFING_CHUNK = new TextEncoder()
  .encode(RETR_MESSAGE.replaceAll('\n', '\r\n'))
  .slice(0, 64 * 1024);

/** The mbox indexed per iteration: 1,000 messages of ~10 kB on average (~10 MB). */
export const INDEX_MESSAGES = 1000;
export const INDEX_AVERAGE_SIZE = 10_000;
export function indexedMbox(): Uint8Array {
  return mbox(INDEX_MESSAGES, INDEX_AVERAGE_SIZE, 1939);
}

/** Bench names and how to read their rate, for the report. */
export type Unit = 'commands/s' | 'MB/s' | 'sessions/s';
export interface Workload {
  /** The bench's name as vitest reports it. */
  readonly name: string;
  readonly unit: Unit;
  /** Units of work per iteration (commands, megabytes, sessions). */
  perIteration(): number;
}

const MB = 1_000_000;
const lineCount = (text: string) => text.split('\n').length - 1;

export const WORKLOADS = {
  churnSession: {
    name: 'whole session: USER, PASS, STAT, LIST, UIDL, RETR ×3, QUIT',
    unit: 'commands/s',
    perIteration: () => CHURN_SCRIPT.length,
  },
  steadyCommands: {
    name: 'logged in: STAT, LIST n, UIDL n, NOOP, TOP n 0 ×100',
    unit: 'commands/s',
    perIteration: () => STEADY_SCRIPT.length,
  },
  retrThroughput: {
    name: 'RETR of a 4 MB message ×4 (CRLF, dot-stuffed)',
    unit: 'MB/s',
    // CRLF on the wire: one more octet per line.
    perIteration: () => (RETR_COUNT * (RETR_MESSAGE.length + lineCount(RETR_MESSAGE))) / MB,
  },
  dotStuffing: {
    name: 'dot-stuffing alone: 64 KiB chunks of mail text ×64',
    unit: 'MB/s',
    perIteration: () => (STUFFING_CHUNKS * STUFFING_CHUNK.length) / MB,
  },
  mboxIndex: {
    name: 'index a 10 MB mbox (1,000 messages)',
    unit: 'MB/s',
    perIteration: () => indexedMbox().length / MB,
  },
  mboxRetrView: {
    name: 'every message of the 10 MB mbox as RETR reads it (CRLF, dot-stuffed)',
    unit: 'MB/s',
    // Megabytes of the mbox file read and converted.
    perIteration: () => indexedMbox().length / MB,
  },
} satisfies Record<string, Workload>;
