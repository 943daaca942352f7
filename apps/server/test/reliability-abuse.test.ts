/**
 * Abuse, quickly: clients that trickle bytes or say nothing, a flood of connections past the
 * limit, a password guesser, user names that try to leave the spool, and a line of tens of
 * megabytes. The long versions (10,000 failed logins, a 100 MB line, the real command line)
 * are in `npm run reliability -- abuse`.
 */
import { readdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { LineClient } from './support/line-client';
import { LOGINS, startTestServer, type TestServer } from './support/test-server';

let lab: TestServer | undefined;
const clients: LineClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await lab?.stop();
  lab = undefined;
});

async function open(port: number): Promise<LineClient> {
  const client = await LineClient.open({ port });
  clients.push(client);
  return client;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('slow and silent clients', () => {
  it('cuts a client that trickles a byte at a time and never ends its line (slowloris)', async () => {
    lab = await startTestServer({ idleTimeoutMs: 800 });
    const client = await open(lab.plainPort);
    await client.line();
    const started = Date.now();
    // A byte every 150 ms: far more often than the timeout, but the line never ends.
    while (!client.isClosed && Date.now() - started < 5_000) {
      client.write('N');
      await sleep(150);
    }
    expect(client.isClosed).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(lab.logLines.some((line) => / event=close .*outcome=timeout/.test(line))).toBe(true);
  });

  it('cuts a client that connects and says nothing', async () => {
    lab = await startTestServer({ idleTimeoutMs: 500 });
    const client = await open(lab.plainPort);
    await client.line();
    await client.waitClosed(2_000);
  });

  it('keeps a slow but real client: whole commands, each within the timeout', async () => {
    lab = await startTestServer({ idleTimeoutMs: 800 });
    const client = await open(lab.plainPort);
    await client.line();
    for (const line of ['USER student', `PASS ${LOGINS.student}`, 'STAT', 'NOOP']) {
      // Typed a key every 100 ms: each line takes up to 1.3 s, longer than the timeout, but
      // the previous line ended less than the timeout before this one's last key.
      for (const key of line.slice(0, 3)) {
        client.write(key);
        await sleep(100);
      }
      expect(await client.command(line.slice(3))).toMatch(/^\+OK/);
    }
    expect(client.isClosed).toBe(false);
    expect(await client.command('QUIT')).toMatch(/^\+OK/);
  });
});

describe('a flood of connections', () => {
  it('refuses those past --max-connections politely while the others are served', async () => {
    const limit = 12;
    lab = await startTestServer({ maxConnections: limit });
    const port = lab.plainPort;
    const held = await Promise.all(Array.from({ length: limit }, () => open(port)));
    for (const client of held) expect(await client.line()).toMatch(/^\+OK/);

    // 200 more, all at once, while one of those already in keeps working.
    const flood = Array.from({ length: 200 }, async () => {
      const client = await open(port);
      const reply = await client.line(5_000);
      await client.waitClosed(5_000);
      return reply;
    });
    const worker = held[0]!;
    const work = (async () => {
      expect(await worker.command('USER student')).toMatch(/^\+OK/);
      expect(await worker.command(`PASS ${LOGINS.student}`)).toMatch(/^\+OK/);
      for (let i = 0; i < 50; i++) expect(await worker.command('STAT')).toMatch(/^\+OK 3 /);
    })();
    const replies = await Promise.all(flood);
    await work;
    expect(new Set(replies)).toEqual(
      new Set(['-ERR [SYS/TEMP] Too many connections, try again later']),
    );

    // Room again once some leave (as soon as the server has seen the connection go).
    expect(await worker.command('QUIT')).toMatch(/^\+OK/);
    await worker.waitClosed();
    const deadline = Date.now() + 3_000;
    let greeting = '';
    while (!greeting.startsWith('+OK') && Date.now() < deadline) {
      const later = await open(port);
      greeting = await later.line();
      if (!greeting.startsWith('+OK')) await sleep(50);
    }
    expect(greeting).toMatch(/^\+OK/);
  });
});

describe('password guessing', () => {
  it('slows failed logins from one address down, ever more, and hangs up after three', async () => {
    const baseMs = 10;
    const maxMs = 80;
    lab = await startTestServer({
      maxConnections: 50,
      loginDelay: { baseMs, maxMs, forgetAfterMs: 60_000, maxTracked: 100 },
    });
    const port = lab.plainPort;
    const guesses = 60;
    const waits: number[] = [];
    // Ten guessers at once, each reconnecting when hung up on.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (waits.length < guesses) {
          const client = await open(port);
          await client.line();
          for (let attempt = 1; attempt <= 3; attempt++) {
            expect(await client.command('USER student')).toMatch(/^\+OK/);
            const sent = Date.now();
            expect(await client.command(`PASS guess-${waits.length}`)).toMatch(/^-ERR \[AUTH\] /);
            waits.push(Date.now() - sent);
          }
          await client.waitClosed(); // three failures: the server hangs up
        }
      }),
    );
    // The first failure waits the base delay; once the address has failed a few times, every
    // guess waits the ceiling, however many connections it is spread over.
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(baseMs - 2);
    const settled = waits.slice(15);
    expect(Math.min(...settled)).toBeGreaterThanOrEqual(maxMs - 5);
  }, 30_000);
});

describe('user names that try to leave the spool', () => {
  it('are refused, and nothing appears in or beside the spool', async () => {
    lab = await startTestServer({
      loginDelay: { baseMs: 1, maxMs: 2, forgetAfterMs: 60_000, maxTracked: 100 },
    });
    const spool = lab.dir;
    const parent = dirname(spool);
    const beforeParent = new Set(await readdir(parent));
    const names = [
      '..',
      '../..',
      '../../../../etc/passwd',
      '/etc/passwd',
      'student/../empty',
      'student/',
      '.student',
      'student.lock',
      '..\\..\\x',
      'a%2f..%2fb',
      'student\u0000.lock',
      '~root',
      'x'.repeat(200),
    ];
    for (const name of names) {
      for (const attempt of [
        `USER ${name}|PASS ${LOGINS.student}`,
        `APOP ${name} 0123456789abcdef0123456789abcdef`,
      ]) {
        const client = await open(lab.plainPort);
        await client.line();
        let reply = '';
        for (const line of attempt.split('|')) {
          reply = await client.command(line);
          if (reply.startsWith('-ERR')) break;
        }
        expect(reply, name).toMatch(/^-ERR/);
        client.close();
      }
    }
    expect((await readdir(spool)).sort()).toEqual(['empty', 'scratch', 'student']);
    // The spool's parent is shared with other programs: look only for what these names aim at.
    const appeared = (await readdir(parent)).filter((name) => !beforeParent.has(name));
    expect(
      appeared.filter((name) => /^(etc|passwd|x+|~root|b|student.*|\..*|empty)$/.test(name)),
    ).toEqual([]);
    expect((await stat(spool)).isDirectory()).toBe(true);
  }, 30_000);
});

describe('a line of tens of megabytes', () => {
  it('is answered "line too long" while the server keeps a fixed amount of memory', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    lab = await startTestServer();
    const client = await open(lab.plainPort);
    await client.line();
    gc();
    const base = process.memoryUsage();
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const megabytes = 48;
    let peak = 0;
    for (let i = 0; i < megabytes * 16; i++) {
      if (!client.socket.write(chunk))
        await new Promise((resolve) => client.socket.once('drain', resolve));
      if (i % 64 === 0) {
        gc(); // what is held, not garbage waiting for a collection
        const now = process.memoryUsage();
        peak = Math.max(peak, now.heapUsed + now.arrayBuffers - base.heapUsed - base.arrayBuffers);
      }
    }
    expect(await client.command('')).toMatch(/^-ERR Line too long: \d+ octets discarded/);
    expect(await client.command('NOOP')).toMatch(/^-ERR/); // still answering, not logged in
    // The line is 48 MB; the server (and this client) never held more than a few MB of it.
    expect(peak).toBeLessThan(16 * 1024 * 1024);
  }, 60_000);
});
