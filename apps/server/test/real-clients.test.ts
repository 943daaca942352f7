/**
 * Real POP3 clients against the real server: Python's poplib, curl, fetchmail, openssl.
 * Each runs as a child process against 127.0.0.1 on ports chosen by the system.
 */
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureMessages, wireText } from './support/mail-fixtures';
import { requireTool, runTool } from './support/run-tool';
import { LOGINS, startTestServer, testCredentials, type TestServer } from './support/test-server';

const POPLIB_CLIENT = fileURLToPath(new URL('./clients/poplib-client.py', import.meta.url));

let lab: TestServer | undefined;
let work: string;
let caFile: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pop3-lab-clients-'));
  caFile = join(work, 'server-cert.pem');
  await writeFile(caFile, (await testCredentials()).certPem);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});
afterEach(async () => {
  await lab?.stop();
  lab = undefined;
});

interface PoplibResult {
  welcome: string;
  login: string;
  stls?: string;
  tls_version?: string;
  steps: { step: string; [key: string]: unknown }[];
  error?: string;
}

/** Runs our poplib script as `user` (with their password): `steps` after the login. */
async function poplib(
  port: number,
  user: keyof typeof LOGINS,
  steps: string[],
  options: string[] = [],
): Promise<PoplibResult> {
  requireTool('python3', 'python3');
  const result = await runTool('python3', [
    POPLIB_CLIENT,
    '--port',
    String(port),
    '--cafile',
    caFile,
    ...options,
    '--user',
    user,
    '--password',
    LOGINS[user],
    ...steps,
  ]);
  if (result.code !== 0)
    throw new Error(`poplib client failed (${result.code}): ${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout.toString('utf8')) as PoplibResult;
}

const total = fixtureMessages.reduce((sum, m) => sum + Buffer.byteLength(wireText(m)), 0);
/** poplib returns message lines decoded as Latin-1 by our script; compare in the same terms. */
const latin1Wire = (i: number): string =>
  Buffer.from(wireText(fixtureMessages[i]!)).toString('latin1');

describe("Python's poplib", () => {
  it('USER/PASS, STAT, LIST, UIDL, TOP, RETR', async () => {
    lab = await startTestServer();
    const out = await poplib(lab.plainPort, 'student', [
      'stat',
      'list',
      'uidl',
      'top:2:0',
      'retr:2',
      'retr:3',
      'quit',
    ]);
    expect(out.welcome).toMatch(/^\+OK/);
    expect(out.login).toMatch(/^\+OK/);
    const [stat, list, uidl, top, retr2, retr3] = out.steps;
    expect(stat).toMatchObject({ count: 3, size: total });
    expect(list?.lines).toEqual(
      fixtureMessages.map((m, i) => `${i + 1} ${Buffer.byteLength(wireText(m))}`),
    );
    expect(uidl?.lines).toHaveLength(3);
    expect(top?.message).toBe(latin1Wire(1).split('\r\n\r\n')[0] + '\r\n\r\n');
    expect(retr2?.message).toBe(latin1Wire(1));
    expect(retr3?.message).toBe(latin1Wire(2));
  });

  it('APOP', async () => {
    lab = await startTestServer();
    const out = await poplib(lab.plainPort, 'student', ['stat', 'quit'], ['--apop']);
    expect(out.login).toMatch(/^\+OK/);
    expect(out.steps[0]).toMatchObject({ count: 3, size: total });
  });

  it('STLS, verifying the certificate', async () => {
    lab = await startTestServer();
    const out = await poplib(lab.plainPort, 'student', ['stat', 'quit'], ['--mode', 'stls']);
    expect(out.stls).toMatch(/^\+OK/);
    expect(out.tls_version).toMatch(/^TLSv1\.[23]$/);
    expect(out.steps[0]).toMatchObject({ count: 3 });
  });

  it('POP3_SSL (implicit TLS)', async () => {
    lab = await startTestServer();
    const out = await poplib(lab.tlsPort, 'student', ['uidl', 'retr:1', 'quit'], ['--mode', 'ssl']);
    expect(out.tls_version).toMatch(/^TLSv1\.[23]$/);
    expect(out.steps[1]?.message).toBe(latin1Wire(0));
  });

  it('DELE then QUIT removes the message from the mbox on disk', async () => {
    lab = await startTestServer();
    const out = await poplib(lab.plainPort, 'scratch', ['dele:2', 'quit']);
    expect(out.steps[0]?.resp).toMatch(/^\+OK/);
    const mbox = await readFile(join(lab.dir, 'scratch'), 'utf8');
    expect(mbox).not.toContain('Subject: dots and From lines');
    expect(mbox).toContain('Subject: Lab 1: talking to a mail server');
    expect(mbox).toContain('Subject: accents in the body');
  });
});

describe('curl', () => {
  it('pop3:// lists and retrieves', async () => {
    requireTool('curl', 'curl');
    lab = await startTestServer();
    const base = `pop3://student:${LOGINS.student}@127.0.0.1:${lab.plainPort}`;
    const list = await runTool('curl', ['-sS', `${base}/`]);
    expect(list.stderr).toBe('');
    expect(list.stdout.toString()).toBe(
      fixtureMessages.map((m, i) => `${i + 1} ${Buffer.byteLength(wireText(m))}\r\n`).join(''),
    );
    const retr = await runTool('curl', ['-sS', `${base}/2`]);
    expect(retr.code).toBe(0);
    expect(retr.stdout.toString('utf8')).toBe(wireText(fixtureMessages[1]!));
  });

  it('pop3:// with --ssl-reqd upgrades with STLS', async () => {
    requireTool('curl', 'curl');
    lab = await startTestServer();
    const url = `pop3://student:${LOGINS.student}@127.0.0.1:${lab.plainPort}/3`;
    const retr = await runTool('curl', ['-sS', '--ssl-reqd', '--cacert', caFile, url]);
    expect(retr.stderr).toBe('');
    expect(retr.stdout.toString('utf8')).toBe(wireText(fixtureMessages[2]!));
  });

  it('pop3s:// retrieves over implicit TLS, verifying the certificate', async () => {
    requireTool('curl', 'curl');
    lab = await startTestServer();
    const url = `pop3s://student:${LOGINS.student}@127.0.0.1:${lab.tlsPort}/1`;
    const retr = await runTool('curl', ['-sS', '--cacert', caFile, url]);
    expect(retr.stderr).toBe('');
    expect(retr.stdout.toString('utf8')).toBe(wireText(fixtureMessages[0]!));
  });
});

describe('fetchmail', () => {
  it('fetches every message, bytes identical to the source Maildir files', async () => {
    requireTool('fetchmail', 'fetchmail');
    lab = await startTestServer({ format: 'maildir' });
    const home = await mkdtemp(join(work, 'fetchmail-'));
    const outDir = join(home, 'out');
    await runTool('mkdir', [outDir]);
    const rc = join(home, 'fetchmailrc');
    await writeFile(
      rc,
      [
        'set no bouncemail',
        'set no syslog',
        `poll 127.0.0.1 proto POP3 port ${lab.tlsPort}`,
        `  user "student" there with password "${LOGINS.student}" is "student" here`,
        `  ssl sslcertck sslcertfile "${caFile}" sslcommonname "localhost"`,
        '  keep fetchall',
        `  mda "/bin/sh -c 'cat > ${outDir}/msg.$$'"`,
        '',
      ].join('\n'),
    );
    await chmod(rc, 0o600);
    const env = { ...process.env, HOME: home, FETCHMAILHOME: home };
    const run = await runTool('fetchmail', ['--nodetach', '--invisible', '-f', rc], {
      env,
      timeoutMs: 30_000,
    });
    expect(run.code, run.stderr + run.stdout.toString()).toBe(0);
    const files = await readdir(outDir);
    expect(files).toHaveLength(fixtureMessages.length);
    const fetched = (await Promise.all(files.map((f) => readFile(join(outDir, f), 'utf8')))).sort();
    const sources = fixtureMessages.map((m) => m.text).sort();
    expect(fetched).toEqual(sources);
  });
});

describe('openssl s_client -starttls pop3', () => {
  it('negotiates TLS 1.2+ after STLS, verifies the certificate, then runs a session', async () => {
    requireTool('openssl', 'openssl');
    lab = await startTestServer();
    const result = await runTool(
      'openssl',
      [
        's_client',
        '-connect',
        `127.0.0.1:${lab.plainPort}`,
        '-starttls',
        'pop3',
        '-CAfile',
        caFile,
        '-verify_return_error',
        '-brief',
        '-quiet',
        '-crlf',
      ],
      { input: `USER student\nPASS ${LOGINS.student}\nSTAT\nQUIT\n` },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Protocol version: TLSv1\.[23]/);
    expect(result.stderr).toMatch(/Verification: OK/);
    const lines = result.stdout.toString().split('\r\n');
    expect(lines).toContain(`+OK 3 ${total}`);
    expect(lines.filter((line) => line.startsWith('+OK')).length).toBeGreaterThanOrEqual(4);
  });
});
