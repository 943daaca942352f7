/**
 * The server's policies around the engine: plain-text logins and loopback, orderly shutdown,
 * classroom copies, transcripts, and back-pressure down to the disk.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nodeFs from 'node:fs/promises';
import { connect } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMboxStore,
  staticAuthenticator,
  type MailFileHandle,
  type MailFs,
  type Maildrop,
  type MaildropStore,
} from '@pop3-lab/core';
import type { DriverAction, ProtocolSession } from '@pop3-lab/protocol';
import { sampleLogins } from '@pop3-lab/samples';
import { FailedLoginTracker } from '../src/login-delay';
import { prepareMail } from '../src/mail-source';
import { pop3Service } from '../src/pop3-service';
import { startServer } from '../src/server';
import { LineClient } from './support/line-client';
import { fixtureMessages, wireText } from './support/mail-fixtures';
import { LOGINS, startTestServer, testCredentials, type TestServer } from './support/test-server';

let lab: TestServer | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await lab?.stop();
  lab = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const total = fixtureMessages.reduce((sum, m) => sum + Buffer.byteLength(wireText(m)), 0);

/** Feeds lines to an engine session and collects what it sends until `replies` status lines. */
async function converse(session: ProtocolSession<unknown>, lines: string[]): Promise<string[]> {
  const iterator = session[Symbol.asyncIterator]();
  const replies: string[] = [];
  let text = '';
  const nextReply = async (): Promise<string> => {
    for (;;) {
      const lf = text.indexOf('\r\n');
      if (lf !== -1) {
        const line = text.slice(0, lf);
        text = text.slice(lf + 2);
        return line;
      }
      const step = await iterator.next();
      if (step.done) throw new Error('session ended');
      const action = step.value as DriverAction<unknown>;
      if (action.type === 'send') text += Buffer.from(action.bytes).toString('latin1');
    }
  };
  replies.push(await nextReply()); // greeting
  for (const line of lines) {
    session.receive(Buffer.from(line + '\r\n'));
    replies.push(await nextReply());
  }
  session.end('closed');
  return replies;
}

describe('plain-text logins before TLS', () => {
  const service = (allowPlaintext: boolean) =>
    pop3Service({
      maildrops: { open: async () => ({ ok: false, code: 'SYS/TEMP', reason: 'not used' }) },
      authenticator: staticAuthenticator(LOGINS),
      hostname: 'lab.example',
      allowPlaintext,
      failedLogins: new FailedLoginTracker({
        baseMs: 0,
        maxMs: 0,
        forgetAfterMs: 1,
        maxTracked: 1,
      }),
    });
  const remote = {
    remoteAddress: '192.0.2.40',
    loopback: false,
    tls: 'available' as const,
    localPort: 110,
  };
  const local = {
    remoteAddress: '127.0.0.1',
    loopback: true,
    tls: 'available' as const,
    localPort: 110,
  };
  const plainToken = Buffer.from('\0student\0student-pw').toString('base64');

  it('are refused from another machine', async () => {
    const [, user, auth] = await converse(service(false).createSession(remote), [
      'USER student',
      `AUTH PLAIN ${plainToken}`,
    ]);
    expect(user).toMatch(/^-ERR/);
    expect(auth).toMatch(/^-ERR/);
  });

  it('are allowed from another machine with --allow-plaintext', async () => {
    const [, user] = await converse(service(true).createSession(remote), ['USER student']);
    expect(user).toMatch(/^\+OK/);
  });

  it('are allowed from this machine (loopback), for the classroom', async () => {
    const [, user] = await converse(service(false).createSession(local), ['USER student']);
    expect(user).toMatch(/^\+OK/);
  });
});

describe('stopping the server', () => {
  it('ends sessions without applying their deletions, and stops listening', async () => {
    lab = await startTestServer();
    const before = await readFile(join(lab.dir, 'scratch'));
    const client = await LineClient.open({ port: lab.plainPort });
    await client.line();
    await client.command('USER scratch');
    await client.command(`PASS ${LOGINS.scratch}`);
    expect(await client.command('DELE 1')).toMatch(/^\+OK/);
    await lab.server.close(2_000);
    await client.waitClosed();
    expect(await readFile(join(lab.dir, 'scratch'))).toEqual(before);
    await expect(LineClient.open({ port: lab.plainPort })).rejects.toThrow();
  });

  it('lets a session already in UPDATE finish its commit', async () => {
    let releaseCommit!: () => void;
    const gate = new Promise<void>((resolve) => (releaseCommit = resolve));
    let commitStarted!: () => void;
    const started = new Promise<void>((resolve) => (commitStarted = resolve));
    const slowCommits = (store: MaildropStore): MaildropStore => ({
      open: async (user) => {
        const result = await store.open(user);
        if (!result.ok) return result;
        const maildrop: Maildrop = result.maildrop;
        return {
          ok: true,
          maildrop: {
            kind: maildrop.kind,
            messages: maildrop.messages,
            read: (index, options) => maildrop.read(index, options),
            release: () => maildrop.release(),
            commit: async (deleted) => {
              commitStarted();
              await gate;
              await maildrop.commit(deleted);
            },
          },
        };
      },
    });
    lab = await startTestServer({ wrapStore: slowCommits });
    const client = await LineClient.open({ port: lab.plainPort });
    await client.line();
    await client.command('USER scratch');
    await client.command(`PASS ${LOGINS.scratch}`);
    expect(await client.command('DELE 1')).toMatch(/^\+OK/);
    client.send('QUIT');
    await started;
    const closing = lab.server.close(5_000);
    setTimeout(releaseCommit, 200);
    expect(await client.line()).toMatch(/^\+OK/);
    await closing;
    const after = await readFile(join(lab.dir, 'scratch'), 'utf8');
    expect(after).not.toContain('Lab 1: talking to a mail server');
    expect(after).toContain('dots and From lines');
  });
});

describe('classroom mode', () => {
  it('gives every login its own fresh copy of the samples', async () => {
    const mail = await prepareMail({ kind: 'samples' }, true);
    const logins = sampleLogins();
    const [user, password] = Object.entries(
      logins instanceof Map ? Object.fromEntries(logins) : logins,
    )[0]!;
    const server = await startServer({
      host: '127.0.0.1',
      port: 0,
      tlsPort: 'off',
      credentials: await testCredentials(),
      maildrops: mail.store,
      authenticator: staticAuthenticator(logins),
      hostname: 'lab.example',
      allowPlaintext: false,
      idleTimeoutMs: 10_000,
      maxConnections: 10,
    });
    cleanups.push(() => server.close(1_000));
    const login = async (): Promise<LineClient> => {
      const client = await LineClient.open({ port: server.plain.port });
      await client.line();
      await client.command(`USER ${user}`);
      expect(await client.command(`PASS ${password}`)).toMatch(/^\+OK/);
      return client;
    };
    // Two students with the same login at once: no [IN-USE], separate mailboxes.
    const a = await login();
    const b = await login();
    const stat = await a.command('STAT');
    expect(stat).toMatch(/^\+OK [1-9]\d* \d+$/);
    expect(await b.command('STAT')).toBe(stat);
    expect(await a.command('DELE 1')).toMatch(/^\+OK/);
    expect(await a.command('QUIT')).toMatch(/^\+OK/);
    await a.waitClosed();
    expect(await b.command('STAT')).toBe(stat);
    await b.command('QUIT');
    const c = await login();
    expect(await c.command('STAT')).toBe(stat);
    await c.command('QUIT');
  });
});

describe('--log-dir transcripts', () => {
  it('writes one file per session, with passwords masked', async () => {
    const logDir = await mkdtemp(join(tmpdir(), 'pop3-lab-logs-'));
    cleanups.push(() => rm(logDir, { recursive: true, force: true }));
    lab = await startTestServer({ logDir });
    for (const user of ['student', 'scratch'] as const) {
      const client = await LineClient.open({ port: lab.plainPort });
      await client.line();
      await client.command(`USER ${user}`);
      await client.command(`PASS ${LOGINS[user]}`);
      await client.command('STAT');
      await client.command('QUIT');
      await client.waitClosed();
    }
    await lab.stop();
    const files = (await readdir(logDir)).sort();
    expect(files).toHaveLength(2);
    for (const file of files) expect(file).toMatch(/^pop3-.*\.log$/);
    const first = await readFile(join(logDir, files[0]!), 'utf8');
    expect(first).toContain('C: USER student');
    expect(first).toContain('C: PASS ****');
    expect(first).toMatch(new RegExp(`S: \\+OK 3 ${total}`));
    expect(first).not.toContain(LOGINS.student);
    expect(first).toMatch(/\* closed \(completed\)/);
  });
});

describe('back-pressure down to the disk', () => {
  it('reads a large message from disk only as fast as the client takes it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pop3-lab-big-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    // One 24 MiB message.
    const line = 'x'.repeat(1022) + '\n';
    const body = line.repeat(24 * 1024);
    await writeFile(
      join(dir, 'big'),
      `From big@school.example Mon Mar  3 09:00:00 2025\nSubject: big\n\n${body}\n`,
    );
    let bytesRead = 0;
    const counting: MailFs = {
      ...(nodeFs as unknown as MailFs),
      open: async (path, flags, mode) => {
        const handle = (await (nodeFs as unknown as MailFs).open(
          path,
          flags,
          mode,
        )) as MailFileHandle;
        return {
          read: async (buffer, offset, length, position) => {
            const result = await handle.read(buffer, offset, length, position);
            bytesRead += result.bytesRead;
            return result;
          },
          write: (...args) => handle.write(...args),
          stat: () => handle.stat(),
          sync: () => handle.sync(),
          close: () => handle.close(),
        };
      },
      readFile: async (path) => {
        const data = await (nodeFs as unknown as MailFs).readFile(path);
        bytesRead += data.length;
        return data;
      },
    };
    const server = await startServer({
      host: '127.0.0.1',
      port: 0,
      tlsPort: 'off',
      credentials: await testCredentials(),
      maildrops: createMboxStore(counting, { spoolDir: dir }),
      authenticator: staticAuthenticator({ big: 'big-pw' }),
      hostname: 'lab.example',
      allowPlaintext: false,
      idleTimeoutMs: 10_000,
      maxConnections: 10,
    });
    cleanups.push(() => server.close(1_000));
    const socket = connect({ host: '127.0.0.1', port: server.plain.port });
    await once(socket, 'connect');
    let received = 0;
    let text = '';
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (text.length < 4096) text += chunk.toString('latin1');
    };
    socket.on('data', onData);
    socket.write('USER big\r\nPASS big-pw\r\n');
    // Greeting, USER and PASS answered: the maildrop is open and indexed.
    while ((text.match(/^\+OK/gm) ?? []).length < 3)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const readAfterLogin = bytesRead;
    socket.pause();
    socket.write('RETR 1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const readWhilePaused = bytesRead - readAfterLogin;
    expect(readWhilePaused).toBeGreaterThan(0);
    expect(readWhilePaused).toBeLessThan(12 * 1024 * 1024);
    socket.resume();
    const expected = body.length + body.length / 1023; // CRLF line ends on the wire
    while (received < expected) await new Promise((resolve) => setTimeout(resolve, 20));
    socket.destroy();
  });
});
