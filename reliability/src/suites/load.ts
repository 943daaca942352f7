/**
 * Load against the real server process: 1,000 sessions at once (all logged in together, then
 * each reading its whole mailbox), and 100,000 sessions one after another, every reply checked;
 * the server's heap, after a full collection, compared before and after (no leak).
 */
import { describeMachine, loadNow } from '../machine';
import { count, mb, seconds, type Check, type SuiteResult } from '../results';
import {
  makeSpool,
  messageText,
  numbersUpTo,
  spoolServerArgs,
  wireBytes,
  type Format,
} from '../mail-setup';
import { Pop3Client } from '../pop3-client';
import { ServerProcess } from '../server-process';
import { percentile, progress } from '../lanes';

export interface LoadOptions {
  readonly concurrent: number;
  readonly sequential: number;
}

const MESSAGES = 5;
const SIZE = 1_500;

interface Memory {
  heap: number;
  rss: number;
}

export async function runLoad(options: LoadOptions): Promise<SuiteResult> {
  const load = loadNow();
  const started = Date.now();
  const users = Math.max(options.concurrent, 100);
  const results = [];
  for (const format of ['mbox', 'maildir'] as const) {
    results.push(await loadFormat(format, users, options));
  }
  const checks: Check[] = [];
  for (const r of results) {
    const name = r.format === 'mbox' ? 'mbox' : 'Maildir';
    checks.push({
      claim: `${name}: ${count(options.concurrent)} concurrent sessions with zero protocol errors`,
      ok: r.concurrentErrors.length === 0 && r.concurrentOk === options.concurrent,
      figure: `${count(r.concurrentOk)} sessions, all ${count(options.concurrent)} logged in at once; ${r.concurrentErrors.length} errors`,
    });
    checks.push({
      claim: `${name}: ${count(r.sequentialTarget)} sequential sessions with zero protocol errors`,
      ok: r.sequentialErrors.length === 0 && r.sequentialOk === r.sequentialTarget,
      figure: `${count(r.sequentialOk)} sessions in ${seconds(r.sequentialMs)} (${(r.sequentialOk / (r.sequentialMs / 1000)).toFixed(0)} per second); ${r.sequentialErrors.length} errors`,
    });
    checks.push({
      claim: `${name}: memory back near its baseline afterwards (no leak)`,
      ok: r.after.heap - r.baseline.heap < 8 * 1024 * 1024,
      figure: `heap after a full collection: ${mb(r.baseline.heap)} before, ${mb(r.peak.heap)} with ${count(options.concurrent)} sessions open, ${mb(r.after.heap)} after ${count(options.concurrent + r.sequentialOk)} sessions`,
    });
  }
  return {
    suite: 'load',
    title: 'Load: concurrent and sequential sessions, memory',
    machine: describeMachine(load),
    durationMs: Date.now() - started,
    command: `npm run reliability -- load --concurrent ${options.concurrent} --sequential ${options.sequential}`,
    checks,
    tables: [
      {
        caption:
          'Sessions and memory (heap: after a full collection in the server process; RSS: resident set)',
        rows: [
          ['', ...results.map((r) => (r.format === 'mbox' ? 'mbox' : 'Maildir'))],
          ['sessions at once', ...results.map(() => count(options.concurrent))],
          ['time for all of them', ...results.map((r) => seconds(r.concurrentMs))],
          ['sessions one after another', ...results.map((r) => count(r.sequentialOk))],
          [
            'session time, median / 99th percentile',
            ...results.map((r) => `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} ms`),
          ],
          [
            'heap / RSS at the start (after warm-up)',
            ...results.map((r) => `${mb(r.baseline.heap)} / ${mb(r.baseline.rss)}`),
          ],
          [
            'heap / RSS with every session logged in',
            ...results.map((r) => `${mb(r.peak.heap)} / ${mb(r.peak.rss)}`),
          ],
          [
            'heap / RSS at the end',
            ...results.map((r) => `${mb(r.after.heap)} / ${mb(r.after.rss)}`),
          ],
          [
            'heap along the sequential run',
            ...results.map((r) => r.heapTrail.map((h) => mb(h)).join(', ')),
          ],
        ],
      },
    ],
    notes: [
      `Each session: greeting, USER, PASS, STAT, LIST, UIDL, RETR of each of its ${MESSAGES} messages (about ${SIZE} octets, with dot lines and a "From " line), QUIT; every reply is compared with what must come back, byte for byte. ${count(users)} users, one mailbox each; the sequential run goes round them.`,
      'The server runs from its command line with --quiet and --max-connections above the load; the harness (one Node process, on the same two cores) is the client.',
      ...results.flatMap((r) =>
        [...r.concurrentErrors, ...r.sequentialErrors].slice(0, 5).map((e) => `${r.format}: ${e}`),
      ),
    ],
  };
}

async function loadFormat(format: Format, users: number, options: LoadOptions) {
  const say = progress(`load ${format}`);
  const names = Array.from({ length: users }, (_, i) => `load${i + 1}`);
  const spool = await makeSpool(
    format,
    new Map(names.map((name) => [name, numbersUpTo(MESSAGES)])),
    SIZE,
  );
  const expected = new Map(
    names.map((name) => [
      name,
      numbersUpTo(MESSAGES).map((n) => wireBytes(messageText(name, n, SIZE))),
    ]),
  );
  const server = await ServerProcess.start({
    args: spoolServerArgs(spool, '--max-connections', String(options.concurrent + 50)),
    probe: true,
  });
  const memory = async (): Promise<Memory> => {
    const usage = await server.memory();
    return { heap: usage.heapUsed, rss: (await server.rss()).now };
  };
  try {
    // Warm-up: every mailbox opened once, the code paths compiled.
    for (const name of names.slice(0, 200)) await session(server.port, name, expected.get(name)!);
    const baseline = await memory();

    // All at once: everyone logs in, then all read together.
    const begin = Date.now();
    let peak: Memory = baseline;
    const loggedIn: Pop3Client[] = [];
    const concurrentErrors: string[] = [];
    let concurrentOk = 0;
    const opened = await Promise.all(
      names.slice(0, options.concurrent).map(async (name) => {
        try {
          const client = await Pop3Client.open(server.port, 60_000);
          await expectLine(client.line(60_000), /^\+OK /, 'greeting');
          await expectLine(client.command(`USER ${name}`, 60_000), /^\+OK/, 'USER');
          await expectLine(client.command(`PASS ${name}-pw`, 60_000), /^\+OK/, 'PASS');
          loggedIn.push(client);
          return { name, client };
        } catch (error) {
          concurrentErrors.push(`${name}: ${(error as Error).message}`);
          return undefined;
        }
      }),
    );
    peak = await memory();
    await Promise.all(
      opened.map(async (entry) => {
        if (entry === undefined) return;
        try {
          await transaction(entry.client, expected.get(entry.name)!);
          concurrentOk++;
        } catch (error) {
          concurrentErrors.push(`${entry.name}: ${(error as Error).message}`);
        } finally {
          entry.client.close();
        }
      }),
    );
    const concurrentMs = Date.now() - begin;

    // One after another.
    const sequentialTarget = options.sequential;
    const sequentialErrors: string[] = [];
    const times: number[] = [];
    const heapTrail: number[] = [];
    let sequentialOk = 0;
    const seqBegin = Date.now();
    for (let i = 0; i < sequentialTarget; i++) {
      const name = names[i % names.length]!;
      const t = performance.now();
      const error = await session(server.port, name, expected.get(name)!);
      times.push(performance.now() - t);
      if (error === undefined) sequentialOk++;
      else if (sequentialErrors.length < 100)
        sequentialErrors.push(`session ${i + 1} (${name}): ${error}`);
      if ((i + 1) % Math.max(1, Math.floor(sequentialTarget / 5)) === 0) {
        heapTrail.push((await memory()).heap);
        say(`${count(i + 1)} sequential sessions, ${sequentialErrors.length} errors`);
      }
    }
    const sequentialMs = Date.now() - seqBegin;
    const after = await memory();
    return {
      format,
      sequentialTarget,
      concurrentOk,
      concurrentErrors,
      concurrentMs,
      sequentialOk,
      sequentialErrors,
      sequentialMs,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      baseline,
      peak,
      after,
      heapTrail,
    };
  } finally {
    await server.stop();
    await spool.dispose();
  }
}

async function expectLine(line: Promise<string>, pattern: RegExp, what: string): Promise<string> {
  const text = await line;
  if (!pattern.test(text)) throw new Error(`${what}: "${text.slice(0, 120)}"`);
  return text;
}

/** STAT, LIST, UIDL, every RETR, QUIT — each reply checked. */
async function transaction(client: Pop3Client, messages: readonly Buffer[]): Promise<void> {
  const total = messages.reduce((sum, m) => sum + m.length, 0);
  await expectLine(
    client.command('STAT', 60_000),
    new RegExp(`^\\+OK ${messages.length} ${total}$`),
    'STAT',
  );
  const list = await client.multiline('LIST', 60_000);
  const want = messages.map((m, i) => `${i + 1} ${m.length}\r\n`).join('');
  if (list.body.toString() !== want)
    throw new Error(`LIST: ${list.status} ${list.body.toString().slice(0, 80)}`);
  const uidl = await client.multiline('UIDL', 60_000);
  const uids = uidl.body.toString().split('\r\n').filter(Boolean);
  if (
    uids.length !== messages.length ||
    new Set(uids.map((l) => l.split(' ')[1])).size !== messages.length
  ) {
    throw new Error(`UIDL: ${uidl.status}`);
  }
  for (const [i, message] of messages.entries()) {
    const retr = await client.multiline(`RETR ${i + 1}`, 60_000);
    if (!retr.status.startsWith('+OK') || !retr.body.equals(message)) {
      throw new Error(
        `RETR ${i + 1}: ${retr.status}, ${retr.body.length} octets instead of ${message.length}`,
      );
    }
    if (retr.status.length + 2 > 512) throw new Error('a status line over 512 octets');
  }
  await expectLine(client.command('QUIT', 60_000), /^\+OK/, 'QUIT');
  await client.waitClosed(60_000);
}

async function session(
  port: number,
  name: string,
  messages: readonly Buffer[],
): Promise<string | undefined> {
  let client: Pop3Client | undefined;
  try {
    client = await Pop3Client.open(port);
    await expectLine(client.line(), /^\+OK /, 'greeting');
    await expectLine(client.command(`USER ${name}`), /^\+OK/, 'USER');
    await expectLine(client.command(`PASS ${name}-pw`), /^\+OK/, 'PASS');
    await transaction(client, messages);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    client?.close();
  }
}
