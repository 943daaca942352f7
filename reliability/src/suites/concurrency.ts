/**
 * Concurrency against the real server: a delivery agent in another process keeps delivering
 * to a mailbox while clients log in, read, delete and QUIT through the server, over and over;
 * in the end every message delivered was either deleted by a committed QUIT or is still there,
 * byte for byte. Also: two sessions on one mailbox (the second gets [IN-USE], also from a
 * second server on the same spool), and a server killed while a session holds the lock (the
 * next server recovers the lock at once: its owner's process is gone).
 */
import { spawn } from 'node:child_process';
import { describeMachine, loadNow } from '../machine';
import { count, type Check, type SuiteResult } from '../results';
import {
  makeSpool,
  messageText,
  spoolServerArgs,
  wireBytes,
  whichMessage,
  type Format,
} from '../mail-setup';
import { Pop3Client } from '../pop3-client';
import { ServerProcess } from '../server-process';
import { progress, sleep } from '../lanes';

const USER = 'reader';

export interface ConcurrencyOptions {
  readonly deliveries: number;
  readonly seed: number;
}

interface DeliveryRun {
  readonly format: Format;
  readonly locking: boolean;
  readonly delivered: number;
  readonly deletedByQuit: number;
  readonly remaining: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly damaged: number;
  readonly sessions: number;
  readonly inUse: number;
  readonly agentWaits: number;
}

export async function runConcurrency(options: ConcurrencyOptions): Promise<SuiteResult> {
  const load = loadNow();
  const started = Date.now();
  const runs: DeliveryRun[] = [];
  for (const [format, locking] of [
    ['mbox', true],
    ['maildir', true],
    ['mbox', false],
  ] as const) {
    runs.push(await deliveriesDuringSessions(format, locking, options.deliveries));
  }
  const inUse = await twoSessions();
  const stale = await killedHolders(10);
  const checks: Check[] = [];
  for (const run of runs.filter((r) => r.locking)) {
    checks.push({
      claim: `${run.format === 'mbox' ? 'mbox (delivery agent taking the dot-lock)' : 'Maildir (delivery into new/)'}: deliveries while sessions are open and while they commit — none lost`,
      ok: run.lost === 0 && run.duplicated === 0 && run.damaged === 0 && run.sessions > 0,
      figure: `${count(run.delivered)} delivered during ${count(run.sessions)} sessions: ${count(run.deletedByQuit)} deleted by QUIT + ${count(run.remaining)} still there; ${run.lost} lost, ${run.duplicated} duplicated, ${run.damaged} damaged`,
    });
  }
  checks.push({
    claim:
      'Two sessions on one maildrop: the second gets [IN-USE], from the same server and from a second server on the same spool',
    ok: inUse.every((c) => c.ok),
    figure: inUse.map((c) => `${c.what}: ${c.reply}`).join('; '),
  });
  checks.push({
    claim: 'A lock left by a killed server is recovered: the next server lets the user in at once',
    ok: stale.every((s) => s.recovered),
    figure: `${stale.filter((s) => s.recovered).length} of ${stale.length} kills (mbox and Maildir), first login after restart in ${Math.max(...stale.map((s) => s.ms))} ms at most`,
  });
  const careless = runs.find((r) => !r.locking)!;
  return {
    suite: 'concurrency',
    title: 'Concurrency: deliveries, two sessions, stale locks',
    machine: describeMachine(load),
    durationMs: Date.now() - started,
    command: `npm run reliability -- concurrency --deliveries ${options.deliveries}`,
    checks,
    tables: [
      {
        caption:
          'A delivery agent in another process while clients read, delete and QUIT through the server',
        rows: [
          [
            '',
            'delivered',
            'sessions',
            'deleted by QUIT',
            'still there',
            'lost',
            'logins refused [IN-USE]',
            'agent waited for the lock',
          ],
          ...runs.map((r) => [
            `${r.format}, ${r.locking ? (r.format === 'mbox' ? 'agent takes the dot-lock' : 'tmp/ then new/') : 'agent ignores the dot-lock'}`,
            count(r.delivered),
            count(r.sessions),
            count(r.deletedByQuit),
            count(r.remaining),
            count(r.lost),
            count(r.inUse),
            count(r.agentWaits),
          ]),
        ],
      },
    ],
    notes: [
      `mbox delivery agents must take the dot-lock, as Postfix's local(8), procmail and mail.local do. One that ignores it can append to the file at the moment UPDATE renames its rewritten copy over it: the append goes to the replaced file and is lost. Measured here with an agent that ignores the lock while sessions commit as fast as they can: ${count(careless.lost)} of ${count(careless.delivered)} lost. Mail appended without the lock while a session is merely open (not committing) is kept (packages/pop3-core/test/reliability/concurrency.test.ts).`,
      'Each reader session logs in, RETRs up to three messages (checking each against what was delivered), deletes them and QUITs; a login refused [IN-USE] (the agent holds the lock) is retried after 5 ms.',
    ],
  };
}

async function deliveriesDuringSessions(
  format: Format,
  locking: boolean,
  total: number,
): Promise<DeliveryRun> {
  const say = progress(`concurrency ${format}${locking ? '' : ' without lock'}`);
  const spool = await makeSpool(format, new Map([[USER, []]]));
  const server = await ServerProcess.start({
    args: spoolServerArgs(spool),
  });
  const deleted: number[] = [];
  let sessions = 0;
  let inUse = 0;
  let damaged = 0;
  try {
    const agentFile = new URL('./delivery-agent.ts', import.meta.url).pathname;
    const agent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        agentFile,
        format,
        spool.dir,
        USER,
        '1',
        String(total),
        locking ? 'lock' : 'nolock',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let agentOut = '';
    agent.stdout.on('data', (data: Buffer) => (agentOut += data.toString()));
    const agentDone = new Promise<number | null>((resolve) => agent.on('exit', resolve));
    let finished = false;
    void agentDone.then(() => (finished = true));
    // Read and delete until the agent is done, then once more.
    for (let last = false; !last;) {
      last = finished;
      const client = await Pop3Client.open(server.port);
      try {
        await client.line();
        await client.command(`USER ${USER}`);
        const pass = await client.command(`PASS ${USER}-pw`);
        if (!pass.startsWith('+OK')) {
          if (!pass.startsWith('-ERR [IN-USE]')) throw new Error(`login: ${pass}`);
          inUse++;
          last = false;
          await sleep(5);
          continue;
        }
        sessions++;
        const messages = Number((await client.command('STAT')).split(' ')[1]);
        const doomed: number[] = [];
        for (let i = 1; i <= Math.min(3, messages); i++) {
          const { status, body } = await client.multiline(`RETR ${i}`);
          const which = whichMessage(body);
          if (
            !status.startsWith('+OK') ||
            which === undefined ||
            !body.equals(wireBytes(messageText(USER, which[1])))
          ) {
            damaged++;
            continue;
          }
          if ((await client.command(`DELE ${i}`)).startsWith('+OK')) doomed.push(which[1]);
        }
        if ((await client.command('QUIT')).startsWith('+OK')) deleted.push(...doomed);
        await client.waitClosed();
        say(`${sessions} sessions, ${deleted.length} deleted`);
      } finally {
        client.close();
      }
    }
    const code = await agentDone;
    if (code !== 0) throw new Error(`the delivery agent failed (${code})`);
    const agentReport = JSON.parse(agentOut.trim().split('\n').at(-1)!) as {
      delivered: number;
      waits: number;
    };
    // What is left, read through the server.
    const remaining: number[] = [];
    const client = await Pop3Client.open(server.port);
    await client.line();
    await client.command(`USER ${USER}`);
    await client.command(`PASS ${USER}-pw`);
    const left = Number((await client.command('STAT')).split(' ')[1]);
    for (let i = 1; i <= left; i++) {
      const { body } = await client.multiline(`RETR ${i}`);
      const which = whichMessage(body);
      if (which === undefined || !body.equals(wireBytes(messageText(USER, which[1])))) damaged++;
      else remaining.push(which[1]);
    }
    await client.command('QUIT');
    client.close();
    const seen = new Set([...deleted, ...remaining]);
    let lost = 0;
    for (let n = 1; n <= total; n++) if (!seen.has(n)) lost++;
    return {
      format,
      locking,
      delivered: agentReport.delivered,
      deletedByQuit: deleted.length,
      remaining: remaining.length,
      lost,
      duplicated: deleted.length + remaining.length - seen.size,
      damaged,
      sessions,
      inUse,
      agentWaits: agentReport.waits,
    };
  } finally {
    await server.stop();
    await spool.dispose();
  }
}

async function login(port: number): Promise<{ client: Pop3Client; reply: string }> {
  const client = await Pop3Client.open(port);
  await client.line();
  await client.command(`USER ${USER}`);
  return { client, reply: await client.command(`PASS ${USER}-pw`) };
}

async function twoSessions(): Promise<{ what: string; reply: string; ok: boolean }[]> {
  const outcomes: { what: string; reply: string; ok: boolean }[] = [];
  for (const format of ['mbox', 'maildir'] as const) {
    const spool = await makeSpool(format, new Map([[USER, [1, 2, 3]]]));
    const args = spoolServerArgs(spool);
    const a = await ServerProcess.start({ args });
    const b = await ServerProcess.start({ args });
    try {
      const first = await login(a.port);
      const same = await login(a.port);
      const other = await login(b.port);
      outcomes.push({
        what: `${format}, same server`,
        reply: same.reply,
        ok: first.reply.startsWith('+OK') && same.reply.startsWith('-ERR [IN-USE]'),
      });
      outcomes.push({
        what: `${format}, second server`,
        reply: other.reply,
        ok: other.reply.startsWith('-ERR [IN-USE]'),
      });
      await first.client.command('QUIT');
      await first.client.waitClosed();
      const after = await login(b.port);
      outcomes.push({
        what: `${format}, after the first QUIT`,
        reply: after.reply,
        ok: after.reply.startsWith('+OK'),
      });
      for (const c of [first, same, other, after]) c.client.close();
    } finally {
      await a.stop();
      await b.stop();
      await spool.dispose();
    }
  }
  return outcomes;
}

async function killedHolders(rounds: number): Promise<{ recovered: boolean; ms: number }[]> {
  const results: { recovered: boolean; ms: number }[] = [];
  for (const format of ['mbox', 'maildir'] as const) {
    const spool = await makeSpool(format, new Map([[USER, [1, 2, 3]]]));
    const args = spoolServerArgs(spool);
    try {
      for (let i = 0; i < rounds; i++) {
        const holder = await ServerProcess.start({ args });
        const held = await login(holder.port);
        if (!held.reply.startsWith('+OK'))
          throw new Error(`could not take the lock: ${held.reply}`);
        await holder.kill();
        held.client.close();
        const next = await ServerProcess.start({ args });
        const begin = Date.now();
        const again = await login(next.port);
        results.push({ recovered: again.reply.startsWith('+OK'), ms: Date.now() - begin });
        again.client.close();
        await next.stop();
      }
    } finally {
      await spool.dispose();
    }
  }
  return results;
}
