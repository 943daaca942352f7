/**
 * POP3 over real sockets, the whole command set, against mailboxes on disk.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureMessages, wireText } from './support/mail-fixtures';
import { LineClient } from './support/line-client';
import { LOGINS, startTestServer, type TestServer } from './support/test-server';

let lab: TestServer | undefined;
afterEach(async () => {
  await lab?.stop();
  lab = undefined;
});

const wireSizes = fixtureMessages.map((m) => Buffer.byteLength(wireText(m)));
const total = wireSizes.reduce((a, b) => a + b, 0);

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Byte-stuffing as RFC 1939 §3 requires: a line starting with "." gets one more. */
function stuffed(text: string): string {
  return text.replace(/^\./gm, '..');
}

async function loggedIn(port: number, user: keyof typeof LOGINS = 'student'): Promise<LineClient> {
  const client = await LineClient.open({ port });
  expect(await client.line()).toMatch(/^\+OK/);
  expect(await client.command(`USER ${user}`)).toMatch(/^\+OK/);
  expect(await client.command(`PASS ${LOGINS[user]}`)).toMatch(/^\+OK/);
  return client;
}

describe('POP3 on a real socket (mbox on disk)', () => {
  it('runs a whole session: STAT, LIST, UIDL, TOP, RETR, DELE, RSET, NOOP, QUIT', async () => {
    lab = await startTestServer();
    const before = await readFile(join(lab.dir, 'student'));
    const client = await loggedIn(lab.plainPort);

    expect(await client.command('STAT')).toBe(`+OK 3 ${total}`);

    client.send('LIST');
    const list = await client.multiline();
    expect(list.status).toMatch(/^\+OK/);
    expect(list.body.toString()).toBe(wireSizes.map((size, i) => `${i + 1} ${size}\r\n`).join(''));

    expect(await client.command('LIST 2')).toBe(`+OK 2 ${wireSizes[1]}`);

    client.send('UIDL');
    const uidl = await client.multiline();
    const uids = uidl.body
      .toString()
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(' '));
    expect(uids.map(([n]) => n)).toEqual(['1', '2', '3']);
    expect(new Set(uids.map(([, uid]) => uid)).size).toBe(3);
    for (const [, uid] of uids) expect(uid).toMatch(/^[\x21-\x7e]{1,70}$/);

    client.send('TOP 2 0');
    const top = await client.multiline();
    const header = wireText(fixtureMessages[1]!).split('\r\n\r\n')[0] + '\r\n\r\n';
    expect(top.body.toString()).toBe(header);

    client.send('TOP 2 2');
    const top2 = await client.multiline();
    expect(top2.body.toString()).toBe(header + stuffed('The next line is a single dot:\r\n.\r\n'));

    client.send('RETR 2');
    const retr = await client.multiline();
    expect(retr.status).toMatch(/^\+OK/);
    expect(retr.body.toString()).toBe(stuffed(wireText(fixtureMessages[1]!)));

    client.send('RETR 3');
    const utf8 = await client.multiline();
    expect(utf8.body.toString('utf8')).toBe(wireText(fixtureMessages[2]!));

    expect(await client.command('DELE 1')).toMatch(/^\+OK/);
    expect(await client.command('RETR 1')).toMatch(/^-ERR/);
    expect(await client.command('DELE 1')).toMatch(/^-ERR/);
    expect(await client.command(`STAT`)).toBe(`+OK 2 ${total - wireSizes[0]!}`);
    client.send('LIST');
    expect((await client.multiline()).body.toString()).not.toMatch(/^1 /m);
    // Numbers stay fixed after DELE (RFC 1939 §5): message 3 is still 3.
    expect(await client.command('LIST 3')).toBe(`+OK 3 ${wireSizes[2]}`);

    expect(await client.command('RSET')).toMatch(/^\+OK/);
    expect(await client.command('STAT')).toBe(`+OK 3 ${total}`);
    expect(await client.command('NOOP')).toMatch(/^\+OK/);
    expect(await client.command('QUIT')).toMatch(/^\+OK/);
    await client.waitClosed();

    expect(await readFile(join(lab.dir, 'student'))).toEqual(before);
  });

  it('applies DELE only at QUIT, and then removes the message from the file', async () => {
    lab = await startTestServer();
    const client = await loggedIn(lab.plainPort, 'scratch');
    expect(await client.command('DELE 1')).toMatch(/^\+OK/);
    expect(await readFile(join(lab.dir, 'scratch'), 'utf8')).toContain(
      'Lab 1: talking to a mail server',
    );
    expect(await client.command('QUIT')).toMatch(/^\+OK/);
    await client.waitClosed();
    const after = await readFile(join(lab.dir, 'scratch'), 'utf8');
    expect(after).not.toContain('Lab 1: talking to a mail server');
    expect(after).toContain('dots and From lines');

    const again = await loggedIn(lab.plainPort, 'scratch');
    expect(await again.command('STAT')).toBe(`+OK 2 ${total - wireSizes[0]!}`);
    await again.command('QUIT');
  });

  it('logs in with APOP (RFC 1939 §7: MD5 of the greeting timestamp and the secret)', async () => {
    lab = await startTestServer();
    const client = await LineClient.open({ port: lab.plainPort });
    const greeting = await client.line();
    const timestamp = /<[^>]+@lab\.example>/.exec(greeting)?.[0];
    expect(timestamp).toBeDefined();
    const digest = createHash('md5').update(`${timestamp}${LOGINS.student}`).digest('hex');
    expect(await client.command(`APOP student ${'0'.repeat(32)}`)).toMatch(/^-ERR \[AUTH\]/);
    expect(await client.command(`APOP student ${digest}`)).toMatch(/^\+OK/);
    expect(await client.command('STAT')).toBe(`+OK 3 ${total}`);
  });

  it('greets each connection with a different APOP timestamp', async () => {
    lab = await startTestServer();
    const greetings = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const client = await LineClient.open({ port: lab.plainPort });
      greetings.add(await client.line());
      client.close();
    }
    expect(greetings.size).toBe(3);
  });

  it('logs in with AUTH PLAIN (RFC 5034, RFC 4616) and lists SASL and STLS in CAPA', async () => {
    lab = await startTestServer();
    const client = await LineClient.open({ port: lab.plainPort });
    await client.line();
    client.send('CAPA');
    const capa = (await client.multiline()).body.toString();
    expect(capa).toMatch(/^STLS\r$/m);
    expect(capa).toMatch(/^SASL .*PLAIN/m);
    expect(capa).toMatch(/^UIDL\r$/m);
    expect(capa).toMatch(/^TOP\r$/m);
    const token = Buffer.from(`\0student\0${LOGINS.student}`).toString('base64');
    expect(await client.command(`AUTH PLAIN ${token}`)).toMatch(/^\+OK/);
    expect(await client.command('STAT')).toBe(`+OK 3 ${total}`);
  });

  it('upgrades with STLS (Node TLS client), then logs in over TLS', async () => {
    lab = await startTestServer();
    const client = await LineClient.open({ port: lab.plainPort });
    await client.line();
    expect(await client.command('STLS')).toMatch(/^\+OK/);
    const secure = await client.startTls(lab.credentials.certPem);
    expect(['TLSv1.2', 'TLSv1.3']).toContain(secure.getProtocol());
    client.send('CAPA');
    const capa = (await client.multiline()).body.toString();
    expect(capa).not.toMatch(/^STLS/m); // RFC 2595 §4: not offered once TLS is active
    expect(await client.command('USER student')).toMatch(/^\+OK/);
    expect(await client.command(`PASS ${LOGINS.student}`)).toMatch(/^\+OK/);
    client.send('RETR 2');
    expect((await client.multiline()).body.toString()).toBe(stuffed(wireText(fixtureMessages[1]!)));
    expect(await client.command('QUIT')).toMatch(/^\+OK/);
    await client.waitClosed();
    expect(lab.logLines.some((line) => / event=tls .*protocol=TLSv1\.[23]/.test(line))).toBe(true);
  });

  it('does not run commands pipelined after STLS once TLS is up (RFC 2595 §4)', async () => {
    lab = await startTestServer();
    const client = await LineClient.open({ port: lab.plainPort });
    await client.line();
    client.write('STLS\r\nUSER student\r\n');
    expect(await client.line()).toMatch(/^\+OK/);
    await client.startTls(lab.credentials.certPem);
    // Had the injected USER been run, PASS would now log in.
    expect(await client.command(`PASS ${LOGINS.student}`)).toMatch(/^-ERR/);
    expect(client.drain().length).toBe(0);
  });

  it('serves POP3S: TLS from the first byte (Node TLS client)', async () => {
    lab = await startTestServer();
    const client = await LineClient.open({ port: lab.tlsPort, tlsCa: lab.credentials.certPem });
    expect(await client.line()).toMatch(/^\+OK/);
    expect(await client.command('STLS')).toMatch(/^-ERR/);
    expect(await client.command('USER student')).toMatch(/^\+OK/);
    expect(await client.command(`PASS ${LOGINS.student}`)).toMatch(/^\+OK/);
    expect(await client.command('STAT')).toBe(`+OK 3 ${total}`);
    await client.command('QUIT');
  });

  it('locks a maildrop: a second session of the same user gets [IN-USE] until the first ends', async () => {
    lab = await startTestServer();
    const first = await loggedIn(lab.plainPort);
    const second = await LineClient.open({ port: lab.plainPort });
    await second.line();
    expect(await second.command('USER student')).toMatch(/^\+OK/);
    expect(await second.command(`PASS ${LOGINS.student}`)).toMatch(/^-ERR \[IN-USE\]/);
    expect(await first.command('QUIT')).toMatch(/^\+OK/);
    await first.waitClosed();
    const third = await loggedIn(lab.plainPort);
    expect(await third.command('STAT')).toBe(`+OK 3 ${total}`);
    await third.command('QUIT');
  });

  it('closes an idle session without applying its deletions', async () => {
    lab = await startTestServer({ idleTimeoutMs: 1_000 });
    const before = await readFile(join(lab.dir, 'scratch'));
    const client = await loggedIn(lab.plainPort, 'scratch');
    expect(await client.command('DELE 1')).toMatch(/^\+OK/);
    await client.waitClosed(3_000);
    const again = await loggedIn(lab.plainPort, 'scratch');
    expect(await again.command('STAT')).toBe(`+OK 3 ${total}`);
    await again.command('QUIT');
    await again.waitClosed();
    expect(await readFile(join(lab.dir, 'scratch'))).toEqual(before);
    expect(lab.logLines.some((line) => / event=close .*outcome=timeout/.test(line))).toBe(true);
  });

  it('never applies deletions when the client drops the connection', async () => {
    lab = await startTestServer();
    const before = await readFile(join(lab.dir, 'scratch'));
    const client = await loggedIn(lab.plainPort, 'scratch');
    expect(await client.command('DELE 1')).toMatch(/^\+OK/);
    expect(await client.command('DELE 2')).toMatch(/^\+OK/);
    client.close();
    // The session releases its lock once it sees the connection gone.
    await until(() => lab?.server.connections === 0);
    const again = await loggedIn(lab.plainPort, 'scratch');
    expect(await again.command('STAT')).toBe(`+OK 3 ${total}`);
    await again.command('QUIT');
    await again.waitClosed();
    expect(await readFile(join(lab.dir, 'scratch'))).toEqual(before);
  });

  it('refuses user names that are not plain names, before any path is built', async () => {
    lab = await startTestServer();
    for (const name of ['../student', 'a/b', '.hidden', 'stu\u0001dent', 'nul\u0000l', '..']) {
      const client = await LineClient.open({ port: lab.plainPort });
      await client.line();
      const user = await client.command(`USER ${name}`);
      const reply = user.startsWith('+OK') ? await client.command('PASS student-pw') : user;
      expect(reply).toMatch(/^-ERR/);
      client.close();
    }
    expect(await readdir(lab.dir)).toEqual(['empty', 'scratch', 'student']);
  });

  it('delays failed logins, longer for repeated failures from one address', async () => {
    lab = await startTestServer({
      loginDelay: { baseMs: 150, maxMs: 1_000, forgetAfterMs: 60_000, maxTracked: 10 },
    });
    const client = await LineClient.open({ port: lab.plainPort });
    await client.line();
    const timed = async (): Promise<[string, number]> => {
      await client.command('USER student');
      const started = performance.now();
      const reply = await client.command('PASS wrong');
      return [reply, performance.now() - started];
    };
    const [first, firstMs] = await timed();
    const [, secondMs] = await timed();
    expect(first).toMatch(/^-ERR \[AUTH\]/);
    expect(firstMs).toBeGreaterThanOrEqual(140);
    expect(secondMs).toBeGreaterThanOrEqual(290);
    expect(lab.logLines.some((line) => / event=login-failed .*user=student/.test(line))).toBe(true);
  });

  it('never writes a password into the log', async () => {
    lab = await startTestServer();
    const client = await loggedIn(lab.plainPort);
    const token = Buffer.from(`\0student\0${LOGINS.student}`).toString('base64');
    await client.command('QUIT');
    await client.waitClosed();
    const other = await LineClient.open({ port: lab.plainPort });
    await other.line();
    await other.command(`AUTH PLAIN ${token}`);
    other.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const log = lab.logLines.join('\n');
    expect(log).toContain('event=command');
    expect(log).not.toContain(LOGINS.student);
    expect(log).not.toContain(token);
  });

  it('turns away connections beyond --max-connections with [SYS/TEMP]', async () => {
    lab = await startTestServer({ maxConnections: 1 });
    const first = await LineClient.open({ port: lab.plainPort });
    await first.line();
    const second = await LineClient.open({ port: lab.plainPort });
    expect(await second.line()).toMatch(/^-ERR \[SYS\/TEMP\]/);
    await second.waitClosed();
  });
});

describe('POP3 on a real socket (Maildir on disk)', () => {
  it('reads, deletes at QUIT, and leaves the other files alone', async () => {
    lab = await startTestServer({ format: 'maildir' });
    const client = await loggedIn(lab.plainPort, 'scratch');
    expect(await client.command('STAT')).toBe(`+OK 3 ${total}`);
    client.send('RETR 2');
    expect((await client.multiline()).body.toString()).toBe(stuffed(wireText(fixtureMessages[1]!)));
    expect(await client.command('DELE 2')).toMatch(/^\+OK/);
    expect(await client.command('QUIT')).toMatch(/^\+OK/);
    await client.waitClosed();
    const again = await loggedIn(lab.plainPort, 'scratch');
    expect(await again.command('STAT')).toBe(`+OK 2 ${total - wireSizes[1]!}`);
    client.close();
  });

  it('sends each message exactly, in order or not, with the next one read ahead', async () => {
    lab = await startTestServer({ format: 'maildir' });
    const client = await loggedIn(lab.plainPort, 'student');
    const expected = fixtureMessages.map((m) => stuffed(wireText(m)));
    for (const n of [1, 2, 3, 3, 2, 1, 2]) {
      client.send(`RETR ${n}`);
      expect((await client.multiline()).body.toString()).toBe(expected[n - 1]);
    }
    // TOP between two RETRs, and the next RETR still exact.
    client.send('RETR 1');
    await client.multiline();
    client.send('TOP 2 0');
    expect((await client.multiline()).body.toString()).toBe(
      expected[1]!.slice(0, expected[1]!.indexOf('\r\n\r\n') + 4),
    );
    client.send('RETR 2');
    expect((await client.multiline()).body.toString()).toBe(expected[1]);
    expect(await client.command('QUIT')).toMatch(/^\+OK/);
    await client.waitClosed();
  });
});
