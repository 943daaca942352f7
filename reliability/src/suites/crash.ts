/**
 * SIGKILL the real server while it applies a QUIT (RFC 1939 §6, UPDATE), over and over, on an
 * mbox spool and on Maildirs. Each round: start the server from its command line; log in and
 * read every message, checking it is exactly the set the previous round left (the old one, or
 * the new one if its UPDATE went through) and that every message is intact; mark some deleted;
 * send QUIT and kill the process a random moment later. The raw files are checked too, without
 * our code: an mbox is split on its "From " lines, a Maildir listed.
 *
 * The kill delay is drawn uniformly from 0 to the median time from QUIT to its +OK measured
 * in rounds that were not killed, so most kills land while UPDATE runs (on a busy machine,
 * timers fire late and some land after). Evidence that they did: an mbox rewrite's temporary
 * file found after the kill; a Maildir's update log, or some of its deletions done (the next
 * session finishes them).
 */
import { readdir, readFile, appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadNow, describeMachine } from '../machine';
import { Pop3Client } from '../pop3-client';
import { count, seconds, type Check, type SuiteResult } from '../results';
import { ServerProcess } from '../server-process';
import {
  makeSpool,
  mboxAppendText,
  messageText,
  numbersUpTo,
  spoolServerArgs,
  wireBytes,
  whichMessage,
  type Format,
  type Spool,
} from '../mail-setup';
import { percentile, progress, seeded, sleep } from '../lanes';

const USER = 'victim';
const START_MESSAGES = 400;
const REFILL_BELOW = 150;
const MESSAGE_SIZE = 2_000;

interface LaneFigures {
  format: Format;
  kills: number;
  rounds: number;
  keptOld: number;
  keptNew: number;
  /** Maildir: some deletions applied, others not — nothing lost. */
  partial: number;
  lost: number;
  corrupted: number;
  /** The next server could not open the mailbox (stale lock not recovered, …). */
  refused: number;
  /** Kills that found UPDATE under way: a rewrite file left (mbox) or deletions half done. */
  midUpdate: number;
  /** Kills after the +OK to QUIT had arrived: UPDATE was over. */
  afterOk: number;
  updateMs: number[];
  killDelays: number[];
  startMs: number[];
  failures: string[];
}

export interface CrashOptions {
  readonly kills: number;
  readonly formats: readonly Format[];
  readonly seed: number;
}

export async function runCrash(options: CrashOptions): Promise<SuiteResult> {
  const load = loadNow();
  const started = Date.now();
  const lanes = await Promise.all(
    options.formats.map((format, i) => lane(format, options.kills, options.seed + i)),
  );
  const checks: Check[] = [];
  for (const f of lanes) {
    const name = f.format === 'mbox' ? 'mbox' : 'Maildir';
    const total = f.keptOld + f.keptNew + f.partial;
    checks.push({
      claim: `${name}: after every SIGKILL during UPDATE the mailbox opens and holds the old or the new set of messages, byte for byte`,
      ok:
        f.lost === 0 &&
        f.corrupted === 0 &&
        f.refused === 0 &&
        f.partial === 0 &&
        f.kills >= options.kills,
      figure: `${count(f.kills)} kills: ${count(f.keptOld)} old, ${count(f.keptNew)} new${f.partial ? `, ${count(f.partial)} with some deletions applied` : ''}; ${f.lost} lost, ${f.corrupted} corrupted, ${f.refused} refused (${count(total)} checked)`,
    });
  }
  return {
    suite: 'crash',
    title: 'Crash safety: SIGKILL during UPDATE',
    machine: describeMachine(load),
    durationMs: Date.now() - started,
    command: `npm run reliability -- crash --kills ${options.kills}`,
    checks,
    tables: [
      {
        caption: 'Kills of the server process while it applied QUIT',
        rows: [
          ['', ...lanes.map((f) => (f.format === 'mbox' ? 'mbox' : 'Maildir'))],
          ['kills', ...lanes.map((f) => count(f.kills))],
          ['mailbox = old set', ...lanes.map((f) => count(f.keptOld))],
          ['mailbox = new set', ...lanes.map((f) => count(f.keptNew))],
          ['some deletions applied, others not', ...lanes.map((f) => count(f.partial))],
          ['messages lost', ...lanes.map((f) => count(f.lost))],
          ['messages corrupted', ...lanes.map((f) => count(f.corrupted))],
          ['next server refused the mailbox', ...lanes.map((f) => count(f.refused))],
          ['killed with UPDATE visibly under way', ...lanes.map((f) => count(f.midUpdate))],
          ['killed after the +OK to QUIT', ...lanes.map((f) => count(f.afterOk))],
          [
            'UPDATE time, median (not killed)',
            ...lanes.map((f) => `${percentile(f.updateMs, 50).toFixed(1)} ms`),
          ],
          [
            'kill delay after QUIT, median / max',
            ...lanes.map(
              (f) =>
                `${percentile(f.killDelays, 50).toFixed(1)} / ${Math.max(0, ...f.killDelays).toFixed(1)} ms`,
            ),
          ],
          [
            'server start, median',
            ...lanes.map((f) => `${percentile(f.startMs, 50).toFixed(0)} ms`),
          ],
        ],
      },
    ],
    notes: [
      `Each round restarts the server (${seconds(Date.now() - started)} in all), logs in, RETRs every message and compares it with what was delivered, then deletes 1 to 40 messages and sends QUIT; the kill follows after a random delay.`,
      'The mailbox starts with 400 messages of about 2 KB and is refilled (by appending, as a delivery agent would, while the server is down) when it falls under 150.',
      ...lanes.flatMap((f) => f.failures.slice(0, 5).map((failure) => `${f.format}: ${failure}`)),
    ],
  };
}

async function lane(format: Format, kills: number, seed: number): Promise<LaneFigures> {
  const random = seeded(seed);
  const say = progress(`crash ${format}`);
  const figures: LaneFigures = {
    format,
    kills: 0,
    rounds: 0,
    keptOld: 0,
    keptNew: 0,
    partial: 0,
    lost: 0,
    corrupted: 0,
    refused: 0,
    midUpdate: 0,
    afterOk: 0,
    updateMs: [],
    killDelays: [],
    startMs: [],
    failures: [],
  };
  let next = START_MESSAGES + 1;
  const spool = await makeSpool(
    format,
    new Map([[USER, numbersUpTo(START_MESSAGES)]]),
    MESSAGE_SIZE,
  );
  // What the mailbox may hold now: the set before the last UPDATE, and the set after it.
  let old = numbersUpTo(START_MESSAGES);
  let expectedNew = old;
  try {
    while (figures.kills < kills) {
      figures.rounds++;
      const begin = Date.now();
      const server = await ServerProcess.start({
        args: spoolServerArgs(spool, '--idle-timeout', '120'),
      });
      figures.startMs.push(Date.now() - begin);
      try {
        const client = await Pop3Client.open(server.port);
        await client.line();
        await client.command(`USER ${USER}`);
        const pass = await client.command(`PASS ${USER}-pw`);
        if (!pass.startsWith('+OK')) {
          figures.refused++;
          figures.failures.push(`round ${figures.rounds}: ${pass}`);
          old = expectedNew = await rawNumbers(spool);
          continue;
        }
        // Which set survived the last kill, as the server sees it and as the files say.
        const seen = await readEverything(client, figures, format);
        const raw = await rawNumbers(spool);
        if (raw.join() !== seen.join()) {
          figures.corrupted++;
          figures.failures.push(
            `round ${figures.rounds}: the server lists ${seen.length} messages, the files hold ${raw.length}`,
          );
        }
        if (figures.rounds > 1 && figures.kills > 0) classify(figures, seen, old, expectedNew);
        old = seen;
        // Delete some, then QUIT and kill.
        const doomed = new Set<number>();
        const howMany = 1 + Math.floor(random() * Math.min(40, seen.length - 1));
        while (doomed.size < howMany) doomed.add(1 + Math.floor(random() * seen.length));
        for (const msg of doomed) {
          const reply = await client.command(`DELE ${msg}`);
          if (!reply.startsWith('+OK')) throw new Error(`DELE ${msg}: ${reply}`);
        }
        expectedNew = seen.filter((_, i) => !doomed.has(i + 1));
        const calibrating = figures.updateMs.length < 5;
        const window = calibrating ? 0 : percentile(figures.updateMs, 50);
        const delay = random() * window;
        const sent = performance.now();
        client.write('QUIT\r\n');
        if (calibrating) {
          // Let UPDATE finish to learn how long it takes; no kill this round.
          const ok = await client.line(30_000);
          figures.updateMs.push(performance.now() - sent);
          if (!ok.startsWith('+OK')) throw new Error(`QUIT: ${ok}`);
          await client.waitClosed();
          old = expectedNew;
          await server.stop();
          continue;
        }
        let okAt: number | undefined;
        void client.line(60_000).then(
          (line) => {
            if (line.startsWith('+OK')) okAt = performance.now();
          },
          () => undefined,
        );
        await waitUntil(sent + delay);
        const killedAt = performance.now();
        await server.kill();
        client.close();
        figures.kills++;
        figures.killDelays.push(killedAt - sent);
        if (okAt !== undefined && okAt <= killedAt) figures.afterOk++;
        if (await updateWasUnderWay(spool, format, old, expectedNew)) figures.midUpdate++;
        say(
          `${figures.kills}/${kills} kills, ${figures.keptOld} old, ${figures.keptNew} new, ${figures.partial} partial, ${figures.lost} lost`,
        );
      } finally {
        if (server.child.exitCode === null && server.child.signalCode === null) await server.kill();
      }
      if (expectedNew.length < REFILL_BELOW || old.length < REFILL_BELOW) {
        // Refill while the server is down. Both candidate sets gain the same messages.
        const added = numbersUpTo(200).map((i) => next + i - 1);
        next += 200;
        await refill(spool, added);
        old = [...old, ...added];
        expectedNew = [...expectedNew, ...added];
      }
    }
    // The last kill's outcome.
    const server = await ServerProcess.start({
      args: spoolServerArgs(spool),
    });
    try {
      const client = await Pop3Client.open(server.port);
      await client.line();
      await client.command(`USER ${USER}`);
      const pass = await client.command(`PASS ${USER}-pw`);
      if (pass.startsWith('+OK'))
        classify(figures, await readEverything(client, figures, format), old, expectedNew);
      else figures.refused++;
      await client.command('QUIT');
    } finally {
      await server.stop();
    }
    return figures;
  } finally {
    await spool.dispose();
  }
}

function classify(
  figures: LaneFigures,
  seen: readonly number[],
  old: readonly number[],
  fresh: readonly number[],
): void {
  if (seen.join() === old.join()) figures.keptOld++;
  else if (seen.join() === fresh.join()) figures.keptNew++;
  else {
    const oldSet = new Set(old);
    const kept = new Set(seen);
    const wholeOtherwise = fresh.every((n) => kept.has(n)) && seen.every((n) => oldSet.has(n));
    if (wholeOtherwise) figures.partial++;
    else {
      const missing = fresh.filter((n) => !kept.has(n));
      figures.lost += Math.max(1, missing.length);
      figures.failures.push(`messages ${missing.slice(0, 10).join(', ')} lost`);
    }
  }
}

/** RETRs every message, checks it byte for byte, returns the message numbers in order. */
async function readEverything(
  client: Pop3Client,
  figures: LaneFigures,
  format: Format,
): Promise<number[]> {
  const stat = await client.command('STAT');
  const total = Number(stat.split(' ')[1]);
  const numbers: number[] = [];
  for (let i = 1; i <= total; i++) {
    const { status, body } = await client.multiline(`RETR ${i}`);
    const which = whichMessage(body);
    if (!status.startsWith('+OK') || which === undefined || which[0] !== USER) {
      figures.corrupted++;
      figures.failures.push(
        `${format} RETR ${i}: ${status}, ${body.length} octets of unknown content`,
      );
      continue;
    }
    const expected = wireBytes(messageText(USER, which[1], MESSAGE_SIZE));
    if (!body.equals(expected)) {
      figures.corrupted++;
      figures.failures.push(`${format} message ${which[1]} differs from what was delivered`);
    }
    numbers.push(which[1]);
  }
  return numbers;
}

/** The message numbers as the files hold them, read without the server's code. */
async function rawNumbers(spool: Spool): Promise<number[]> {
  if (spool.format === 'mbox') {
    const text = await readFile(join(spool.dir, USER), 'latin1').catch(() => '');
    return [...text.matchAll(/^Subject: \S+ message (\d+)$/gm)].map((m) => Number(m[1]));
  }
  const root = join(spool.dir, USER);
  const names: { name: string; dir: string }[] = [];
  for (const dir of ['cur', 'new']) {
    for (const name of await readdir(join(root, dir)).catch(() => [] as string[])) {
      if (!name.startsWith('.')) names.push({ name, dir });
    }
  }
  const numbers = await Promise.all(
    names.map(async ({ name, dir }) => {
      const text = await readFile(join(root, dir, name), 'latin1');
      return Number(/^Subject: \S+ message (\d+)$/m.exec(text)?.[1]);
    }),
  );
  return numbers.sort((a, b) => a - b);
}

/** After a kill: did it land while UPDATE was changing the files? */
async function updateWasUnderWay(
  spool: Spool,
  format: Format,
  old: readonly number[],
  fresh: readonly number[],
): Promise<boolean> {
  if (format === 'mbox') {
    const names = await readdir(spool.dir);
    return names.some((name) => name.startsWith(`.${USER}.`) && name.endsWith('.rewrite'));
  }
  // Several deletions are logged before the first unlink; the next session finishes them.
  const names = await readdir(join(spool.dir, USER));
  if (names.some((name) => name.startsWith('.pop3-update'))) return true;
  const now = await rawNumbers(spool);
  return now.length < old.length && now.length > fresh.length;
}

async function refill(spool: Spool, numbers: readonly number[]): Promise<void> {
  if (spool.format === 'mbox') {
    await appendFile(
      join(spool.dir, USER),
      numbers.map((n) => mboxAppendText(USER, n, MESSAGE_SIZE)).join(''),
    );
    return;
  }
  // New mail lands in new/, as a delivery agent leaves it: the next open moves it to cur/.
  for (const n of numbers) {
    const text = messageText(USER, n, MESSAGE_SIZE);
    await writeFile(join(spool.dir, USER, 'new', `${1_772_000_000 + n}.M${n}P2.reliability`), text);
  }
}

/** Waits until performance.now() reaches `at`, precisely (a timer, then a short spin). */
async function waitUntil(at: number): Promise<void> {
  const left = at - performance.now();
  if (left > 4) await sleep(left - 2);
  while (performance.now() < at) await new Promise((resolve) => setImmediate(resolve));
}
