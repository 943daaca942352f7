/**
 * Abuse against the real server process (its command line, default login delays):
 * slowloris and silent clients, a flood of connections past --max-connections, ten thousand
 * failed logins from one address with user names built to leave the spool, and a 100 MB line.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeMachine, loadNow } from '../machine';
import { count, mb, seconds, type Check, type SuiteResult } from '../results';
import { makeSpool, spoolServerArgs } from '../mail-setup';
import { Pop3Client } from '../pop3-client';
import { ServerProcess } from '../server-process';
import { percentile, progress, seeded, sleep } from '../lanes';

export interface AbuseOptions {
  readonly failedLogins: number;
  readonly lineMegabytes: number;
  readonly quick: boolean;
}

export async function runAbuse(options: AbuseOptions): Promise<SuiteResult> {
  const load = loadNow();
  const started = Date.now();
  const slow = await slowClients(options.quick ? 10 : 50);
  const flood = await connectionFlood(options.quick ? 300 : 5_000);
  const guessing = await passwordGuessing(options.failedLogins);
  const line = await hugeLine(options.lineMegabytes);
  const checks: Check[] = [
    {
      claim:
        'Slowloris clients (a byte every 500 ms, never a whole line) are cut after the idle timeout',
      ok:
        slow.slowloris.cut === slow.slowloris.total &&
        slow.slowloris.maxMs < slow.timeoutMs + 1_500,
      figure: `${slow.slowloris.cut} of ${slow.slowloris.total} cut, the last after ${seconds(slow.slowloris.maxMs)} (timeout ${seconds(slow.timeoutMs)})`,
    },
    {
      claim: 'Silent clients are cut after the idle timeout',
      ok: slow.silent.cut === slow.silent.total && slow.silent.maxMs < slow.timeoutMs + 1_500,
      figure: `${slow.silent.cut} of ${slow.silent.total} cut, the last after ${seconds(slow.silent.maxMs)}`,
    },
    {
      claim: 'Meanwhile a real client is served without a hitch',
      ok: slow.servedErrors === 0 && slow.served > 0,
      figure: `${count(slow.served)} commands answered, ${slow.servedErrors} errors`,
    },
    {
      claim:
        'A connection flood beyond --max-connections is refused politely while the sessions already in keep being served',
      ok:
        flood.refusedPolitely === flood.attempts &&
        flood.servedErrors === 0 &&
        flood.served > 0 &&
        flood.acceptedAfter,
      figure: `${count(flood.attempts)} extra connections: ${count(flood.refusedPolitely)} got "-ERR [SYS/TEMP] Too many connections"; ${count(flood.served)} commands served meanwhile, ${flood.servedErrors} errors`,
    },
    {
      claim: `${count(options.failedLogins)} failed logins from one address are slowed down`,
      ok:
        guessing.failures === options.failedLogins &&
        guessing.ratePerSecond <= guessing.bound * 1.1,
      figure: `${count(guessing.failures)} failures in ${seconds(guessing.ms)}: ${guessing.ratePerSecond.toFixed(1)} per second, each answered after ${(guessing.medianWaitMs / 1000).toFixed(1)} s (median), bound ${guessing.bound.toFixed(1)} per second with ${guessing.connections} connections`,
    },
    {
      claim: 'User names with path tricks never touch a file outside the spool',
      ok: guessing.fsEvents === 0 && guessing.canariesIntact && guessing.accepted === 0,
      figure: `${count(guessing.failures)} logins with ${count(guessing.distinctNames)} distinct names: ${guessing.accepted} accepted, ${guessing.fsEvents} file-system changes in or beside the spool, canary files intact`,
    },
    {
      claim: `A ${options.lineMegabytes} MB line never grows the server's memory beyond a fixed bound`,
      ok: line.answered && line.peakRssGrowth < 32 * 1024 * 1024,
      figure: `answered "${line.reply.slice(0, 60)}…"; resident memory ${mb(line.rssBefore)} before, ${mb(line.rssPeak)} at most while it arrived (+${mb(line.peakRssGrowth)})`,
    },
  ];
  return {
    suite: 'abuse',
    title: 'Abuse: slow clients, floods, password guessing, path tricks, huge lines',
    machine: describeMachine(load),
    durationMs: Date.now() - started,
    command: `npm run reliability -- abuse --failed-logins ${options.failedLogins} --line-mb ${options.lineMegabytes}`,
    checks,
    tables: [
      {
        caption:
          "Failed logins from one address (the server's default policy: 1 s after a first failure, doubling up to 16 s; three failures end a session)",
        rows: [
          ['', ''],
          ['failed logins', count(guessing.failures)],
          ['attacker connections at once', count(guessing.connections)],
          ['time', seconds(guessing.ms)],
          ['failures per second', guessing.ratePerSecond.toFixed(2)],
          [
            'wait before each -ERR: median / 99th percentile',
            `${(guessing.medianWaitMs / 1000).toFixed(1)} s / ${(guessing.p99WaitMs / 1000).toFixed(1)} s`,
          ],
          [
            'wait after a first failure from a quiet address (a typo)',
            `${guessing.firstWaitMs} ms`,
          ],
          ['a real user from the same address, during the attack', guessing.legitimate],
        ],
      },
    ],
    notes: [
      `Slow clients: server started with --idle-timeout ${slow.timeoutMs / 1000}; ${slow.slowloris.total} slowloris and ${slow.silent.total} silent connections.`,
      'Path tricks: "..", "../../etc/passwd", "/etc/passwd", "a/../../b", backslashes, NUL and control characters, a leading dot, "x.lock", over-long names, fullwidth and Unicode slashes, and random strings over the whole of Unicode; sent through USER/PASS, APOP and AUTH PLAIN. The spool and its parent directory were watched (inotify) for any change; canary files beside the spool were compared before and after. packages/pop3-core/test/reliability/abuse.test.ts also shows that even a store opened for such a name directly (an authenticator that accepts everyone) touches no path outside the spool.',
      `The 100 MB line was sent as fast as the server would take it (the client waits for the socket to drain); resident memory was sampled every 100 ms.`,
    ],
  };
}

async function slowClients(n: number) {
  const spool = await makeSpool('mbox', new Map([['student', [1, 2, 3]]]));
  const timeoutMs = 2_000;
  const server = await ServerProcess.start({
    args: spoolServerArgs(
      spool,
      '--idle-timeout',
      String(timeoutMs / 1000),
      '--max-connections',
      String(3 * n),
    ),
  });
  try {
    const measure = async (behave: (c: Pop3Client) => Promise<void>) => {
      const times = await Promise.all(
        Array.from({ length: n }, async () => {
          const client = await Pop3Client.open(server.port);
          await client.line();
          const begin = Date.now();
          const stop = Date.now() + timeoutMs * 4;
          const behaving = behave(client);
          while (!client.isClosed && Date.now() < stop) await sleep(50);
          await behaving.catch(() => undefined);
          const cut = client.isClosed;
          client.close();
          return cut ? Date.now() - begin : undefined;
        }),
      );
      const cutTimes = times.filter((t): t is number => t !== undefined);
      return { total: n, cut: cutTimes.length, maxMs: Math.max(0, ...cutTimes) };
    };
    let served = 0;
    let servedErrors = 0;
    let running = true;
    const real = (async () => {
      const client = await Pop3Client.open(server.port);
      await client.line();
      await client.command('USER student');
      if (!(await client.command('PASS student-pw')).startsWith('+OK')) servedErrors++;
      while (running) {
        const reply = await client.command('STAT');
        if (reply.startsWith('+OK 3 ')) served++;
        else servedErrors++;
        await sleep(200);
      }
      await client.command('QUIT');
      client.close();
    })();
    const [slowloris, silent] = await Promise.all([
      measure(async (client) => {
        while (!client.isClosed) {
          client.write('X');
          await sleep(500);
        }
      }),
      measure(async () => undefined),
    ]);
    running = false;
    await real;
    return { timeoutMs, slowloris, silent, served, servedErrors };
  } finally {
    await server.stop();
    await spool.dispose();
  }
}

async function connectionFlood(attempts: number) {
  const users = new Map(Array.from({ length: 20 }, (_, i) => [`user${i}`, [1, 2, 3]] as const));
  const spool = await makeSpool('mbox', users);
  const limit = 100;
  const server = await ServerProcess.start({
    args: spoolServerArgs(spool, '--max-connections', String(limit)),
  });
  const say = progress('abuse flood');
  try {
    // The server's slots: twenty working sessions, eighty idle ones.
    const held: Pop3Client[] = [];
    for (let i = 0; i < limit; i++) {
      const client = await Pop3Client.open(server.port);
      const greeting = await client.line();
      if (!greeting.startsWith('+OK')) throw new Error(`slot ${i}: ${greeting}`);
      held.push(client);
    }
    let served = 0;
    let servedErrors = 0;
    let flooding = true;
    const workers = held.slice(0, 20).map(async (client, i) => {
      await client.command(`USER user${i}`);
      if (!(await client.command(`PASS user${i}-pw`)).startsWith('+OK')) servedErrors++;
      while (flooding) {
        const { status, body } = await client.multiline('RETR 2');
        if (status.startsWith('+OK') && body.length > 0) served++;
        else servedErrors++;
      }
    });
    let refusedPolitely = 0;
    let other = 0;
    const batch = 200;
    for (let done = 0; done < attempts; done += batch) {
      const replies = await Promise.all(
        Array.from({ length: Math.min(batch, attempts - done) }, async () => {
          try {
            const client = await Pop3Client.open(server.port);
            const reply = await client.line();
            await client.waitClosed();
            client.close();
            return reply;
          } catch (error) {
            return String(error);
          }
        }),
      );
      for (const reply of replies) {
        if (reply === '-ERR [SYS/TEMP] Too many connections, try again later') refusedPolitely++;
        else other++;
      }
      say(
        `${done + batch} flood connections, ${refusedPolitely} refused politely, ${other} otherwise`,
      );
    }
    flooding = false;
    await Promise.all(workers);
    for (const client of held) client.close();
    // Room again once they leave.
    let acceptedAfter = false;
    for (let tries = 0; tries < 100 && !acceptedAfter; tries++) {
      const client = await Pop3Client.open(server.port);
      acceptedAfter = (await client.line()).startsWith('+OK POP3');
      client.close();
      if (!acceptedAfter) await sleep(50);
    }
    return { attempts, refusedPolitely, other, served, servedErrors, acceptedAfter };
  } finally {
    await server.stop();
    await spool.dispose();
  }
}

/** User names that try to get out of the spool, then random ones over all of Unicode. */
function trickyNames(count: number): string[] {
  const names = [
    '..',
    '.',
    '../..',
    '../../etc/passwd',
    '../outside/canary',
    '/etc/passwd',
    'student/../../outside/canary',
    'student/',
    '..\\..\\outside',
    '.student',
    'student.lock',
    '%2e%2e%2foutside',
    'student\u0000../outside',
    '\u2215etc\u2215passwd',
    '\uff0e\uff0e\uff0foutside',
    'x'.repeat(300),
    '~root',
  ];
  const random = seeded(8);
  const alphabet = [
    '.',
    '/',
    '\\',
    '~',
    'a',
    'é',
    '\u202e',
    '\u0001',
    '..',
    '../',
    'outside',
    'canary',
  ];
  while (names.length < count) {
    let name = '';
    for (let n = 1 + Math.floor(random() * 10); n > 0; n--) {
      name +=
        random() < 0.7
          ? alphabet[Math.floor(random() * alphabet.length)]
          : String.fromCharCode(0x21 + Math.floor(random() * 0xffde));
    }
    names.push(name.replace(/[\r\n]/g, ''));
  }
  return names;
}

async function passwordGuessing(failures: number) {
  const spool = await makeSpool('mbox', new Map([['student', [1, 2, 3]]]));
  const base = dirname(spool.dir);
  const outside = join(base, 'outside');
  await writeFile(join(base, 'canary'), 'canary\n');
  await import('node:fs/promises')
    .then((fs) => fs.mkdir(outside))
    .then(() => writeFile(join(outside, 'canary'), 'canary\n'));
  const connections = 250;
  const server = await ServerProcess.start({
    args: spoolServerArgs(spool, '--max-connections', String(connections + 20)),
  });
  const say = progress('abuse logins');
  // Watch the spool and what is beside it for any change while the names are tried.
  // (The real user's login halfway through takes and drops student.lock: that one is expected.)
  let fsEvents = 0;
  const watchers: FSWatcher[] = [spool.dir, base, outside].map((dir) =>
    watch(dir, (_, file) => {
      if (!(dir === spool.dir && file === 'student.lock')) fsEvents++;
    }),
  );
  const spoolBefore = (await readdir(spool.dir)).sort().join();
  try {
    const names = trickyNames(failures);
    const waits: number[] = [];
    let next = 0;
    let accepted = 0;
    const started = Date.now();
    // The time of the very first failure from this address: the delay's starting point.
    const attacker = async () => {
      while (next < failures) {
        const client = await Pop3Client.open(server.port);
        try {
          await client.line();
          for (let attempt = 0; attempt < 3 && next < failures; attempt++) {
            const i = next++;
            const name = names[i % names.length]!;
            const begin = Date.now();
            let reply: string;
            switch (i % 3) {
              case 0: {
                const user = await client.command(`USER ${name}`, 60_000);
                reply = user.startsWith('+OK')
                  ? await client.command('PASS student-pw', 60_000)
                  : user;
                break;
              }
              case 1:
                reply = await client.command(
                  `APOP ${name} 0123456789abcdef0123456789abcdef`,
                  60_000,
                );
                break;
              default:
                reply = await client.command(
                  `AUTH PLAIN ${Buffer.from(`\0${name}\0student-pw`).toString('base64')}`,
                  60_000,
                );
            }
            waits.push(Date.now() - begin);
            if (reply.startsWith('+OK')) accepted++;
            say(`${waits.length} failed logins in ${seconds(Date.now() - started)}`);
          }
        } catch {
          // The server hung up after three failures, or a line was refused: next connection.
        } finally {
          client.close();
        }
      }
    };
    const firstWaitMs = await (async () => {
      const client = await Pop3Client.open(server.port);
      await client.line();
      await client.command('USER nobody');
      const begin = Date.now();
      await client.command('PASS wrong', 60_000);
      client.close();
      return Date.now() - begin;
    })();
    const attack = Promise.all(Array.from({ length: connections }, attacker));
    // Halfway through, a real user from the same address.
    await sleep(20_000);
    let legitimate = 'not tried';
    {
      const client = await Pop3Client.open(server.port);
      const greeting = await client.line();
      if (greeting.startsWith('+OK')) {
        await client.command('USER student');
        const begin = Date.now();
        const reply = await client.command('PASS student-pw', 60_000);
        legitimate = `${reply.startsWith('+OK') ? 'logged in' : reply} after ${Date.now() - begin} ms`;
        await client.command('QUIT');
      } else legitimate = greeting;
      client.close();
    }
    await attack;
    const ms = Date.now() - started;
    const canariesIntact =
      (await readFile(join(base, 'canary'), 'utf8')) === 'canary\n' &&
      (await readFile(join(outside, 'canary'), 'utf8')) === 'canary\n' &&
      (await readdir(spool.dir)).sort().join() === spoolBefore;
    return {
      failures: waits.length,
      accepted,
      distinctNames: new Set(names).size,
      connections,
      ms,
      ratePerSecond: waits.length / (ms / 1000),
      bound: connections / 16,
      medianWaitMs: percentile(waits, 50),
      p99WaitMs: percentile(waits, 99),
      firstWaitMs,
      legitimate,
      fsEvents,
      canariesIntact,
    };
  } finally {
    for (const watcher of watchers) watcher.close();
    await server.stop();
    await spool.dispose();
  }
}

async function hugeLine(megabytes: number) {
  const spool = await makeSpool('mbox', new Map([['student', [1, 2, 3]]]));
  const server = await ServerProcess.start({
    args: spoolServerArgs(spool),
    probe: true,
  });
  try {
    const client = await Pop3Client.open(server.port);
    await client.line();
    await server.memory();
    const rssBefore = (await server.rss()).now;
    let rssPeak = rssBefore;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        rssPeak = Math.max(rssPeak, (await server.rss()).now);
        await sleep(100);
      }
    })();
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    for (let sent = 0; sent < megabytes * 1024 * 1024; sent += chunk.length) {
      if (!client.write(chunk))
        await new Promise((resolve) => client.socket.once('drain', resolve));
    }
    const reply = await client.command('', 60_000);
    sampling = false;
    await sampler;
    const answered =
      /^-ERR Line too long: \d+ octets discarded/.test(reply) &&
      (await client.command('NOOP')).startsWith('-ERR');
    client.close();
    return { reply, answered, rssBefore, rssPeak, peakRssGrowth: rssPeak - rssBefore };
  } finally {
    await server.stop();
    await spool.dispose();
  }
}
