/**
 * The long fuzzing run: a million seeded cases (see packages/pop3-core/test/reliability/fuzz)
 * spread over worker processes in blocks of ten thousand, with a watchdog — a worker that goes
 * two minutes without finishing a thousand cases is killed and its block reported as a hang.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { describeMachine, loadNow } from '../machine';
import { count, mb, type SuiteResult } from '../results';
import { progress } from '../lanes';
import {
  addFigures,
  emptyFigures,
  type CampaignFigures,
} from '../../../packages/pop3-core/test/reliability/fuzz/campaign';
import { KEYWORDS } from '../../../packages/pop3-core/test/reliability/fuzz/inputs';

const BLOCK = 10_000;
const HANG_MS = 120_000;

export interface FuzzOptions {
  readonly count: number;
  readonly workers: number;
  readonly seed: number;
}

type Message =
  | { type: 'ready' }
  | { type: 'heartbeat'; first: number; cases: number }
  | { type: 'done'; first: number; figures: CampaignFigures; failures: string[] };

export async function runFuzz(options: FuzzOptions): Promise<SuiteResult> {
  const load = loadNow();
  const started = Date.now();
  const total = emptyFigures();
  const failures: string[] = [];
  const hangs: string[] = [];
  const blocks: { first: number; count: number }[] = [];
  for (let done = 0; done < options.count; done += BLOCK) {
    blocks.push({
      first: (options.seed + done) >>> 0,
      count: Math.min(BLOCK, options.count - done),
    });
  }
  const say = progress('fuzz');
  const worker = (): Promise<void> =>
    new Promise((resolve) => {
      const child: ChildProcess = fork(new URL('./fuzz-worker.ts', import.meta.url).pathname, [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      let current: { first: number; count: number } | undefined;
      let watchdog: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          hangs.push(
            `a worker stopped answering in the block of seeds ${current?.first} + ${current?.count}`,
          );
          child.kill('SIGKILL');
        }, HANG_MS);
      };
      const next = () => {
        current = blocks.shift();
        if (current === undefined) {
          clearTimeout(watchdog);
          child.send({ type: 'exit' });
          return;
        }
        arm();
        child.send({ type: 'run', ...current });
      };
      child.on('message', (message: Message) => {
        if (message.type === 'ready') next();
        else if (message.type === 'heartbeat') arm();
        else if (message.type === 'done') {
          addFigures(total, message.figures);
          failures.push(...message.failures);
          say(`${count(total.cases)} of ${count(options.count)} cases, ${total.failures} failures`);
          next();
        }
      });
      child.on('exit', () => {
        clearTimeout(watchdog);
        resolve();
      });
    });
  await Promise.all(Array.from({ length: options.workers }, worker));

  const keywordsCovered = KEYWORDS.filter(
    (k) =>
      (total.coverage[`AUTHORIZATION ${k}`] ?? 0) > 0 &&
      (total.coverage[`TRANSACTION ${k}`] ?? 0) > 0,
  );
  const table = (caption: string, data: Record<string, number>) => ({
    caption,
    rows: [
      ['', 'cases'],
      ...Object.entries(data)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, count(v)]),
    ],
  });
  return {
    suite: 'fuzz',
    title: 'Engine fuzzing',
    machine: describeMachine(load),
    durationMs: Date.now() - started,
    command: `npm run fuzz -- --count ${options.count}`,
    checks: [
      {
        claim: `${count(options.count)} random and mutated inputs: no exception, no hang, every input answered with well-formed replies and every invariant kept`,
        ok: total.cases === options.count && total.failures === 0 && hangs.length === 0,
        figure: `${count(total.cases)} cases, ${total.failures} failures, ${hangs.length} hangs`,
      },
      {
        claim: 'No reply line longer than 512 octets (RFC 1939 §3, RFC 2449 §4)',
        ok: total.maxStatusLine <= 512 && total.failures === 0,
        figure: `longest status line ${total.maxStatusLine} octets`,
      },
      {
        claim: 'Every command was tried with random arguments before and after login',
        ok: keywordsCovered.length === KEYWORDS.length,
        figure: `${keywordsCovered.length} of ${KEYWORDS.length} commands in both states`,
      },
    ],
    tables: [
      {
        caption: 'Volume',
        rows: [
          ['', ''],
          ['cases', count(total.cases)],
          ['octets sent to the engine', mb(total.inputOctets)],
          ['octets it sent back', mb(total.outputOctets)],
          ['command lines read', count(total.commandLines)],
          ['replies checked', count(total.replies)],
          ['sessions the server ended itself (QUIT, limits)', count(total.closedByServer)],
        ],
      },
      table('Strategies', total.byStrategy),
      table('How the input was cut into reads', total.byChunking),
      table('Personas and settings', total.byProfile),
      table('Maildrops', total.byStore),
    ],
    notes: [
      'Each case is made from one seed (`runCase(makeCase(seed))` in packages/pop3-core/test/reliability/fuzz replays it): commands from the grammar with random arguments, valid sessions damaged at the byte level, raw binary with NULs and bare CRs, lines of 253 to 70,000 octets, floods of up to 1,300 pipelined commands, SASL and STLS exchanges, odd line ends; fed whole, cut at random, cut between every CR and LF, or byte by byte.',
      'The oracle checks each run: no pull rejected, no internal error, output only as announced replies, status lines "+OK"/"-ERR" within 512 octets, multi-line replies byte-stuffed and ended by ".", one reply per command, every line read; for the honest personas, a model of the mailbox: STAT/LIST sizes equal the octets RETR sends, RETR and TOP send the stored bytes exactly, message numbers never change, a message marked deleted is never readable, UIDs are stable, commands of the other state are refused; afterwards the maildrop holds exactly the old messages or, after a +OK to QUIT, the old ones minus those deleted, and is unlocked.',
      ...hangs,
      ...failures.slice(0, 20),
    ],
  };
}
