/**
 * From a command line to a running server, in-process: every mistake a user can make ends in
 * one line and an exit code, and a good command line gives a server that answers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFromCommandLine } from '../src/cli';
import { LineClient } from './support/line-client';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pop3-lab-cli-'));
  await writeFile(join(dir, 'users.txt'), '# lab\nana:ana-pw\n');
  await writeFile(join(dir, 'bad-users.txt'), '# logins\nana:pw\nbob has no colon\n');
  await writeFile(join(dir, 'empty-users.txt'), '# nobody yet\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const outcome = await startFromCommandLine(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { outcome, out, err };
}

describe('startFromCommandLine', () => {
  it.each([
    [['--bogus'], 2, /^pop3-lab-server: unknown option "--bogus" \(see --help\)$/],
    [['--port', 'x'], 2, /--port must be a port number/],
    [['--persona', 'nobody'], 2, /unknown persona "nobody"; known: dovecot-like/i],
    [['--disable', 'TELEPORT'], 2, /"TELEPORT"/],
    [['--language', 'tlh'], 2, /language/],
    [['--hostname', 'a b'], 2, /--hostname must be printable ASCII/],
    [['--users', 'missing.txt'], 1, /users file .*missing\.txt does not exist/],
    [['--users', 'bad-users.txt'], 1, /bad-users\.txt line 3: expected "user:password"$/],
    [['--users', 'empty-users.txt'], 1, /lists no users/],
    [['--cert', 'c.pem', '--key', 'k.pem'], 1, /certificate file c\.pem does not exist/],
    [
      ['--mail', 'mbox:no-such-dir', '--users', 'users.txt'],
      1,
      /mail directory .*no-such-dir does not exist/,
    ],
    [['--mail', 'maildir:users.txt', '--users', 'users.txt'], 1, /users\.txt is not a directory/],
    [['--log-dir', 'no-such-dir'], 1, /log directory .*no-such-dir does not exist/],
  ])('refuses %j: exit %i, one line', async (argv, code, message) => {
    const relative = argv.map((arg) =>
      /\.txt$|^mbox:|^maildir:|^no-such/.test(arg)
        ? arg.replace(/^(mbox:|maildir:)?/, `$1${dir}/`)
        : arg,
    );
    const { outcome, out, err } = await run([
      ...relative,
      ...(argv.includes('--port') ? [] : ['--port', '0']),
      '--tls-port',
      'off',
    ]);
    expect(outcome).toEqual({ kind: 'exit', code });
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^pop3-lab-server: /);
    expect(err[0]).toMatch(message);
    expect(out).toEqual([]);
  });

  it('starts on the users file and the spool given, and says so', async () => {
    const { outcome, out, err } = await run([
      '--port',
      '0',
      '--tls-port',
      '0',
      '--mail',
      `mbox:${dir}`,
      '--users',
      join(dir, 'users.txt'),
      '--quiet',
    ]);
    if (outcome.kind !== 'running') throw new Error(err.join('\n'));
    try {
      expect(err).toEqual([]);
      expect(out[0]).toBe(`pop3 listening on 127.0.0.1:${outcome.server.plain.port}`);
      expect(out[1]).toBe(`pop3s listening on 127.0.0.1:${outcome.server.tls?.port}`);
      expect(out).toContain(`logins: 1 from ${join(dir, 'users.txt')}`);
      expect(out).toContain(`mail: mbox files in ${dir} (${dir}/<user>)`);
      const client = await LineClient.open({ port: outcome.server.plain.port });
      await client.line();
      await client.command('USER ana');
      expect(await client.command('PASS ana-pw')).toMatch(/^\+OK/);
      expect(await client.command('STAT')).toBe('+OK 0 0');
      await client.command('QUIT');
    } finally {
      await outcome.server.close();
    }
  });
});
