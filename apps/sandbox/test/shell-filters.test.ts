/** seq and grep, as the mail-bomb lab uses them and as coreutils and grep behave. */
import { describe, expect, it } from 'vitest';
import { basicToJs } from '../src/shell/commands/filter-commands';
import { createHarness } from './support/shell-harness';

describe('seq', () => {
  it('counts from 1, from FIRST, by INCREMENT, and down', async () => {
    const h = createHarness();
    expect(await h.run('seq 3')).toEqual({ status: 0, output: '1\n2\n3\n' });
    expect((await h.run('seq 9 11')).output).toBe('9\n10\n11\n');
    expect((await h.run('seq 1 5 12')).output).toBe('1\n6\n11\n');
    expect((await h.run('seq 3 -1 1')).output).toBe('3\n2\n1\n');
    expect((await h.run('seq 5 1')).output).toBe('');
  });

  it('formats each number: -f, -s, -w', async () => {
    const h = createHarness();
    expect((await h.run("seq -f 'dele %g' 136 138")).output).toBe('dele 136\ndele 137\ndele 138\n');
    expect((await h.run("seq -f'top %g 0' 2")).output).toBe('top 1 0\ntop 2 0\n');
    expect((await h.run('seq -f %03g 8 10')).output).toBe('008\n009\n010\n');
    expect((await h.run("seq -s ', ' 3")).output).toBe('1, 2, 3\n');
    expect((await h.run('seq -w 9 10')).output).toBe('09\n10\n');
  });

  it('refuses what it cannot count', async () => {
    const h = createHarness();
    expect(await h.run('seq x')).toEqual({
      status: 1,
      output: "seq: invalid floating point argument: 'x'\n",
    });
    expect((await h.run("seq -f 'dele' 3")).output).toBe("seq: format 'dele' has no % directive\n");
    expect((await h.run('seq 1 0 3')).status).toBe(1);
    expect((await h.run('seq')).status).toBe(1);
  });

  it('builds a file of commands with >>', async () => {
    const h = createHarness();
    await h.run("printf 'user flooded\\r\\n' > clean");
    await h.run("seq -f 'dele %g' 2 >> clean");
    expect((await h.run('cat -A clean')).output).toBe('user flooded^M$\ndele 1$\ndele 2$\n');
  });
});

describe('grep', () => {
  const text = 'From: Chris <chris@example.test>\r\nSubject: badge\r\nFrom: spam@example.net\r\n';

  // Lines keep their CR, as grep prints them; cat -A shows it.
  it('prints matching lines from a pipe or files, with their exit status', async () => {
    const h = createHarness({ '/tmp/mail': text, '/tmp/other': 'From: nobody\n' });
    expect(await h.run("grep '^From:' /tmp/mail | cat -A")).toEqual({
      status: 0,
      output: 'From: Chris <chris@example.test>^M$\nFrom: spam@example.net^M$\n',
    });
    expect((await h.run("grep 'badge$' /tmp/mail | cat -A")).output).toBe('Subject: badge^M$\n');
    expect((await h.run('cat /tmp/mail | grep -i CHRIS | cat -A')).output).toBe(
      'From: Chris <chris@example.test>^M$\n',
    );
    expect(await h.run('grep nothing /tmp/mail')).toEqual({ status: 1, output: '' });
    expect((await h.run('grep -c From /tmp/mail /tmp/other')).output).toBe(
      '/tmp/mail:2\n/tmp/other:1\n',
    );
  });

  it('inverts, counts and numbers', async () => {
    const h = createHarness({ '/tmp/mail': text });
    expect((await h.run('grep -v From /tmp/mail')).output).toBe('Subject: badge\n');
    expect((await h.run('grep -c From /tmp/mail')).output).toBe('2\n');
    expect((await h.run('grep -n badge /tmp/mail')).output).toBe('2:Subject: badge\n');
    expect((await h.run("grep '^From:' /tmp/mail | cat -n | grep -i chris | cat -A")).output).toBe(
      '     1^IFrom: Chris <chris@example.test>^M$\n',
    );
  });

  it('reads basic regular expressions by default, extended ones with -E', async () => {
    const h = createHarness({ '/tmp/t': 'a+b\naab\n(x)\n' });
    expect((await h.run("grep 'a+b' /tmp/t")).output).toBe('a+b\n');
    expect((await h.run("grep -E 'a+b' /tmp/t")).output).toBe('aab\n');
    expect((await h.run("grep '(x)' /tmp/t")).output).toBe('(x)\n');
    expect((await h.run("grep -F '+' /tmp/t")).output).toBe('a+b\n');
    expect(basicToJs('\\(ab\\)\\+|x{2}')).toBe('(ab)+\\|x\\{2\\}');
  });

  it('reports a bad pattern and a missing file', async () => {
    const h = createHarness();
    expect(await h.run("grep -E '(' /tmp/none")).toEqual({
      status: 2,
      output: 'grep: invalid regular expression: (\n',
    });
    expect((await h.run('grep x /tmp/none')).output).toBe(
      'grep: /tmp/none: No such file or directory\n',
    );
  });
});
