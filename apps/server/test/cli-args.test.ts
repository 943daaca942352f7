import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseCommandLine, USAGE, type ServerArgs } from '../src/cli-args';

function run(...argv: string[]): ServerArgs {
  const parsed = parseCommandLine(argv);
  if (parsed.kind !== 'run') throw new Error(`expected a run, got ${JSON.stringify(parsed)}`);
  return parsed.args;
}

function error(...argv: string[]): string {
  const parsed = parseCommandLine(argv);
  if (parsed.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(parsed)}`);
  return parsed.message;
}

describe('parseCommandLine', () => {
  it('defaults to loopback, 1110 with STLS, 1995 implicit TLS, the samples, 600 s idle', () => {
    expect(run()).toEqual({
      host: '127.0.0.1',
      port: 1110,
      tlsPort: 1995,
      mail: { kind: 'samples' },
      usersFile: undefined,
      certificate: undefined,
      classroom: false,
      persona: undefined,
      language: undefined,
      disabled: [],
      idleTimeoutSeconds: 600,
      maxConnections: DEFAULTS.maxConnections,
      logDir: undefined,
      allowPlaintext: false,
      hostname: undefined,
      quiet: false,
    });
  });

  it('reads values given as "--flag value" or "--flag=value"', () => {
    const args = run('--host', '0.0.0.0', '--port=0', '--tls-port', 'off', '--idle-timeout=1.5');
    expect(args).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      tlsPort: 'off',
      idleTimeoutSeconds: 1.5,
    });
  });

  it('reads the three mail sources', () => {
    expect(run('--mail', 'samples').mail).toEqual({ kind: 'samples' });
    expect(run('--mail', 'mbox:/var/mail', '--users', 'u').mail).toEqual({
      kind: 'mbox',
      dir: '/var/mail',
    });
    expect(run('--mail=maildir:./md', '--users', 'u').mail).toEqual({
      kind: 'maildir',
      dir: './md',
    });
  });

  it('collects --disable lists, upper-cased, across repeats', () => {
    expect(run('--disable', 'apop,stls', '--disable=TOP').disabled).toEqual([
      'APOP',
      'STLS',
      'TOP',
    ]);
  });

  it('takes switches', () => {
    expect(run('--classroom', '--allow-plaintext', '--quiet')).toMatchObject({
      classroom: true,
      allowPlaintext: true,
      quiet: true,
    });
  });

  it('answers help to -h and --help, whatever else is there', () => {
    expect(parseCommandLine(['-h'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--port', 'x', '--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--bogus', '--help'])).toEqual({
      kind: 'error',
      message: 'unknown option "--bogus"',
    });
    expect(parseCommandLine(['--help', '--port', '12'])).toEqual({ kind: 'help' });
  });

  it('documents every option it accepts in the usage text', () => {
    for (const flag of [
      '--host',
      '--port',
      '--tls-port',
      '--mail',
      '--users',
      '--cert',
      '--key',
      '--classroom',
      '--persona',
      '--language',
      '--disable',
      '--allow-plaintext',
      '--idle-timeout',
      '--max-connections',
      '--log-dir',
      '--hostname',
      '--quiet',
      '--help',
    ]) {
      expect(USAGE).toContain(flag);
      if (flag !== '--help') expect(parseCommandLine([flag]).kind).not.toBe('help');
    }
  });

  it.each([
    [['--bogus'], 'unknown option "--bogus"'],
    [['stray'], 'unexpected argument "stray"'],
    [['--port'], '--port needs a value'],
    [['--port', '--host', 'x'], '--port needs a value'],
    [['--port', '70000'], '--port must be a port number from 0 to 65535, not "70000"'],
    [['--port', '-1'], '--port must be a port number from 0 to 65535, not "-1"'],
    [['--port', 'abc'], '--port must be a port number from 0 to 65535, not "abc"'],
    [['--tls-port', 'on'], '--tls-port must be a port number from 0 to 65535, not "on"'],
    [['--port', '1', '--port', '2'], '--port given twice'],
    [['--classroom=yes'], '--classroom takes no value'],
    [['--idle-timeout', '0'], '--idle-timeout must be a number of seconds above 0, not "0"'],
    [['--idle-timeout', 'soon'], '--idle-timeout must be a number of seconds above 0, not "soon"'],
    [['--max-connections', '0'], '--max-connections must be a whole number of at least 1, not "0"'],
    [['--mail', 'imap:x'], '--mail must be samples, mbox:DIR or maildir:DIR, not "imap:x"'],
    [['--mail', 'mbox:'], '--mail mbox: needs a directory, as in --mail mbox:/var/mail'],
    [['--mail', 'mbox:/m'], '--mail mbox: needs --users FILE (who may log in)'],
    [['--cert', 'c.pem'], '--cert needs --key too'],
    [['--key', 'k.pem'], '--key needs --cert too'],
    [
      ['--classroom', '--mail', 'mbox:/m', '--users', 'u'],
      '--classroom copies the sample mailboxes; it cannot be combined with --mail mbox',
    ],
    [['--disable', ','], '--disable needs at least one capability name'],
  ])('rejects %j: %s', (argv, message) => {
    expect(error(...argv)).toBe(message);
  });
});
