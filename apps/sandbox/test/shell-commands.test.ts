import { describe, expect, it } from 'vitest';
import { createHarness } from './support/shell-harness';

const chris = 'From MAILER-DAEMON Thu Jan  1 00:00:00 2009\nSubject: hello\n\nbody\n';

describe('shell: files', () => {
  it('cat prints files, and standard input with -', async () => {
    const h = createHarness({ '/var/spool/mail/chris': chris });
    expect(await h.run('cat /var/spool/mail/chris')).toEqual({ status: 0, output: chris });
    expect(await h.run('echo piped | cat - /var/spool/mail/chris')).toEqual({
      status: 0,
      output: 'piped\n' + chris,
    });
  });

  it('cat -A shows CR as ^M and line ends as $; -n numbers lines', async () => {
    const h = createHarness({ '/tmp/crlf': 'a\r\nb\tc\n' });
    expect((await h.run('cat -A /tmp/crlf')).output).toBe('a^M$\nb^Ic$\n');
    expect((await h.run('cat -n /tmp/crlf | cat -A')).output).toBe('     1^Ia^M$\n     2^Ib^Ic$\n');
  });

  it('cat reports a missing file and goes on with the others', async () => {
    const h = createHarness({ '/tmp/a': 'A\n' });
    expect(await h.run('cat /nope /tmp/a')).toEqual({
      status: 1,
      output: 'cat: /nope: No such file or directory\nA\n',
    });
    expect((await h.run('cat /tmp')).output).toBe('cat: /tmp: Is a directory\n');
  });

  it('ls lists names, hides dot files unless -a, and recurses with -R', async () => {
    const h = createHarness({
      '/home/alice/Maildir/new/1.M1P1.lab': 'x',
      '/home/alice/Maildir/cur/2.M2P2.lab:2,S': 'yy',
      '/home/alice/.profile': '',
    });
    expect((await h.run('ls /home/alice | cat')).output).toBe('Maildir\n');
    expect((await h.run('ls -a /home/alice | cat')).output).toBe('.\n..\n.profile\nMaildir\n');
    expect((await h.run('ls -R /home/alice/Maildir | cat')).output).toBe(
      '/home/alice/Maildir:\ncur\nnew\n\n/home/alice/Maildir/cur:\n2.M2P2.lab:2,S\n\n/home/alice/Maildir/new:\n1.M1P1.lab\n',
    );
    expect((await h.run('ls /home/alice/Maildir')).output).toBe('cur  new\n');
  });

  it('ls -l shows mode, owner, size and name', async () => {
    const h = createHarness({ '/var/spool/mail/chris': chris });
    const { output } = await h.run('ls -l /var/spool/mail');
    expect(output).toMatch(
      new RegExp(
        `^total 1\\n-rw-[rw-]{6} 1 chris +mail +${chris.length} \\w{3} [ \\d]\\d \\d\\d:\\d\\d chris\\n$`,
      ),
    );
  });

  it('ls reports what it cannot find with status 2', async () => {
    const h = createHarness();
    expect(await h.run('ls /nope')).toEqual({
      status: 2,
      output: "ls: cannot access '/nope': No such file or directory\n",
    });
    expect((await h.run('ls -z')).status).toBe(2);
  });

  it('cd and pwd move around, with ~, .., - and errors', async () => {
    const h = createHarness({ '/var/spool/mail/chris': chris });
    expect((await h.run('pwd')).output).toBe('/home/student\n');
    await h.run('cd /var/spool/mail');
    expect((await h.run('cat chris')).output).toBe(chris);
    await h.run('cd ..');
    expect((await h.run('pwd')).output).toBe('/var/spool\n');
    expect((await h.run('cd -')).output).toBe('/var/spool/mail\n');
    await h.run('cd');
    expect(h.shell.cwd).toBe('/home/student');
    expect(h.shell.prompt).toContain('~');
    expect(await h.run('cd /var/spool/mail/chris')).toEqual({
      status: 1,
      output: '-bash: cd: /var/spool/mail/chris: Not a directory\n',
    });
    expect((await h.run('cd /nope')).output).toBe('-bash: cd: /nope: No such file or directory\n');
    expect((await h.run('cd a b')).output).toBe('-bash: cd: too many arguments\n');
  });

  it('redirects output into files and input from them', async () => {
    const h = createHarness();
    await h.run("printf 'user chris\\r\\n' > script.txt");
    await h.run("echo 'pass epikoi' >> script.txt");
    expect((await h.run('cat -A script.txt')).output).toBe('user chris^M$\npass epikoi$\n');
    expect((await h.run('md5sum < script.txt')).output).toMatch(/^[0-9a-f]{32} {2}-\n$/);
    expect((await h.run('cat < /nope')).output).toBe('-bash: /nope: No such file or directory\n');
  });
});

describe('shell: text', () => {
  it('echo joins its arguments; -n drops the newline; -e reads escapes', async () => {
    const h = createHarness();
    expect((await h.run('echo user   chris')).output).toBe('user chris\n');
    expect((await h.run("echo -n 'no newline' | cat -A")).output).toBe('no newline');
    expect((await h.run("echo -e 'a\\tb\\r' | cat -A")).output).toBe('a^Ib^M$\n');
    expect((await h.run("echo 'a\\tb'")).output).toBe('a\\tb\n');
    expect((await h.run("echo -e 'stop\\chere'")).output).toBe('stop');
  });

  it('printf formats, reuses the format for extra arguments, and reads escapes', async () => {
    const h = createHarness();
    expect((await h.run("printf '%s=%d\\n' a 1 b 2")).output).toBe('a=1\nb=2\n');
    expect((await h.run("printf 'USER %s\\r\\n' chris | cat -A")).output).toBe('USER chris^M$\n');
    expect((await h.run("printf '[%5s|%-4s|%03d|%x|%%]\\n' ab c 7 255")).output).toBe(
      '[   ab|c   |007|ff|%]\n',
    );
    expect((await h.run("printf '%b' 'x\\ny'")).output).toBe('x\ny');
    expect(await h.run("printf '%d\\n' abc")).toEqual({
      status: 1,
      output: '-bash: printf: abc: invalid number\n0\n',
    });
    expect((await h.run('printf')).status).toBe(2);
  });

  it('base64 encodes and decodes (RFC 4648 test vectors), wrapping at 76 by default', async () => {
    const h = createHarness();
    const vectors: [string, string][] = [
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect((await h.run(`printf ${plain} | base64`)).output).toBe(encoded + '\n');
      expect((await h.run(`echo ${encoded} | base64 -d`)).output).toBe(plain);
    }
    const long = (await h.run(`printf '%0100d' 0 | base64`)).output.split('\n');
    expect(long.map((line) => line.length)).toEqual([76, 60, 0]);
    expect((await h.run(`printf '%0100d' 0 | base64 -w 0`)).output).toHaveLength(137);
  });

  it('base64 builds an AUTH PLAIN string and reports bad input', async () => {
    const h = createHarness();
    expect((await h.run("printf '\\0chris\\0epikoi' | base64")).output).toBe(
      'AGNocmlzAGVwaWtvaQ==\n',
    );
    expect(await h.run('echo "Zm9v!" | base64 -d')).toEqual({
      status: 1,
      output: 'foobase64: invalid input\n',
    });
    expect((await h.run('echo "Zm9v!" | base64 -di')).output).toBe('foo');
    expect((await h.run('base64 a b')).status).toBe(1);
  });

  it('md5sum digests pipes and files: the APOP example of RFC 1939 §7', async () => {
    const h = createHarness({ '/tmp/empty': '' });
    expect(
      (await h.run("echo -n '<1896.697170952@dbc.mtview.ca.us>tanstaaf' | md5sum")).output,
    ).toBe('c4c9334bac560ecc979e58001b3e22fb  -\n');
    expect((await h.run('md5sum /tmp/empty')).output).toBe(
      'd41d8cd98f00b204e9800998ecf8427e  /tmp/empty\n',
    );
    expect((await h.run('md5sum /nope')).status).toBe(1);
  });
});

describe('shell: the line', () => {
  it('answers unknown commands and syntax errors like bash', async () => {
    const h = createHarness();
    expect(await h.run('pop3 localhost')).toEqual({
      status: 127,
      output: 'pop3: command not found\n',
    });
    expect(await h.run('echo x |')).toEqual({
      status: 2,
      output: "-bash: syntax error near unexpected token `newline'\n",
    });
  });

  it('runs && and || by status, and exposes $?', async () => {
    const h = createHarness();
    expect((await h.run('cat /nope 2>x || echo fallback')).output).toContain('fallback');
    expect((await h.run('pwd && echo yes')).output).toBe('/home/student\nyes\n');
    await h.run('nope');
    expect((await h.run('echo $?')).output).toBe('127\n');
  });

  it('help lists every command on one line each, and explains one', async () => {
    const h = createHarness();
    const { output } = await h.run('help');
    for (const name of [
      'telnet',
      'nc',
      'openssl',
      'cat',
      'ls',
      'cd',
      'pwd',
      'echo',
      'printf',
      'base64',
      'md5sum',
      'clear',
      'history',
      'reset',
    ]) {
      expect(output).toMatch(new RegExp(`^  ${name} +\\S.*$`, 'm'));
    }
    expect((await h.run('help telnet')).output).toBe(
      'telnet HOST [PORT]\n    open a connection and type the protocol by hand\n',
    );
    expect((await h.run('help nope')).status).toBe(1);
  });

  it('help speaks French when the lab does', async () => {
    const h = createHarness();
    h.language = 'fr';
    expect((await h.run('help cd')).output).toContain('changer de dossier');
    expect((await h.run('cat /nope')).output).toBe(
      'cat: /nope: Aucun fichier ou dossier de ce nom\n',
    );
  });

  it('history lists what was typed and -c forgets it', async () => {
    const h = createHarness();
    h.shell.history.add('ls');
    h.shell.history.add('pwd');
    expect((await h.run('history')).output).toBe('    1  ls\n    2  pwd\n');
    await h.run('history -c');
    expect((await h.run('history')).output).toBe('');
  });

  it('clear empties the screen; reset restores the samples', async () => {
    const h = createHarness();
    await h.run('echo something');
    await h.run('clear');
    expect(h.term.screen).toBe('');
    const { output } = await h.run('reset');
    expect(h.resets).toBe(1);
    expect(output).toMatch(/^Samples restored/);
  });

  it('the prompt follows the directory, and the loop reads lines typed at it', async () => {
    const h = createHarness();
    void h.shell.run();
    h.term.type('cd /tmp 2>/dev/null; cd /home\r');
    await expect.poll(() => h.term.currentLine).toBe('student@pop3-lab:/home$');
    h.shell.stop();
  });
});

describe('help layout', () => {
  it('wraps long summaries under their column', async () => {
    const { wrap } = await import('../src/shell/commands/session-commands');
    expect(wrap('one two three four five six', 20, 4)).toBe('one two three four\n    five six');
    expect(wrap('short', 20, 4)).toBe('short');
  });
});

describe('help texts', () => {
  it('fit on one line of an 80-column terminal, in both languages', async () => {
    const { allCommands } = await import('../src/shell/commands');
    const { translator } = await import('../src/i18n/messages');
    const width = Math.max(...allCommands.map((c) => c.name.length)) + 4;
    for (const language of ['en', 'fr'] as const) {
      const t = translator(() => language);
      for (const command of allCommands) {
        expect(
          width + Array.from(t(command.summary)).length,
          `${language} ${command.name}`,
        ).toBeLessThanOrEqual(80);
      }
    }
  });
});
