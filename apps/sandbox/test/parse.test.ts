import { describe, expect, it } from 'vitest';
import { parseLine } from '../src/shell/parse';

const vars = new Map([
  ['HOME', '/home/student'],
  ['USER', 'student'],
  ['?', '1'],
]);

function argvs(line: string): string[][][] {
  const result = parseLine(line, vars);
  if (!result.ok) throw new Error(result.error);
  return result.steps.map((step) => step.pipeline.map((command) => [...command.argv]));
}

function error(line: string): string {
  const result = parseLine(line, vars);
  if (result.ok) throw new Error(`parsed: ${line}`);
  return result.error;
}

describe('parseLine', () => {
  it('splits words on blanks', () => {
    expect(argvs('telnet  localhost\t110')).toEqual([[['telnet', 'localhost', '110']]]);
    expect(argvs('   ')).toEqual([]);
  });

  it('keeps single-quoted text literal and double-quoted text with expansions', () => {
    expect(
      argvs(`echo -n '<1896.697170952@dbc.mtview.ca.us>tanstaaf' "$USER's \\"home\\""`),
    ).toEqual([[['echo', '-n', '<1896.697170952@dbc.mtview.ca.us>tanstaaf', `student's "home"`]]]);
    expect(argvs(`echo '$HOME' "\${HOME}/x" $? a\\ b`)).toEqual([
      [['echo', '$HOME', '/home/student/x', '1', 'a b']],
    ]);
  });

  it('keeps an empty quoted word and drops an unquoted expansion to nothing', () => {
    expect(argvs(`printf '' $NOPE ""`)).toEqual([[['printf', '', '']]]);
  });

  it('expands a leading ~ only', () => {
    expect(argvs('cd ~/Maildir a~b')).toEqual([[['cd', '/home/student/Maildir', 'a~b']]]);
  });

  it('builds pipelines and lists with their conditions', () => {
    const result = parseLine(`echo -n x | md5sum | base64; ls && pwd || echo no`, vars);
    expect(result).toEqual({
      ok: true,
      steps: [
        {
          when: 'always',
          pipeline: [
            { argv: ['echo', '-n', 'x'], redirections: [] },
            { argv: ['md5sum'], redirections: [] },
            { argv: ['base64'], redirections: [] },
          ],
        },
        { when: 'always', pipeline: [{ argv: ['ls'], redirections: [] }] },
        { when: 'success', pipeline: [{ argv: ['pwd'], redirections: [] }] },
        { when: 'failure', pipeline: [{ argv: ['echo', 'no'], redirections: [] }] },
      ],
    });
  });

  it('reads redirections anywhere in a command', () => {
    expect(parseLine('> out.txt echo hi >> log < in', vars)).toEqual({
      ok: true,
      steps: [
        {
          when: 'always',
          pipeline: [
            {
              argv: ['echo', 'hi'],
              redirections: [
                { op: '>', target: 'out.txt' },
                { op: '>>', target: 'log' },
                { op: '<', target: 'in' },
              ],
            },
          ],
        },
      ],
    });
  });

  it('ignores comments and allows a trailing semicolon', () => {
    expect(argvs('stat # how many messages; list')).toEqual([[['stat']]]);
    expect(argvs('pwd;')).toEqual([[['pwd']]]);
  });

  it('reports syntax errors as sh does', () => {
    expect(error('| md5sum')).toBe("syntax error near unexpected token `|'");
    expect(error('echo x |')).toBe("syntax error near unexpected token `newline'");
    expect(error('ls && ')).toBe("syntax error near unexpected token `newline'");
    expect(error('echo >')).toBe("syntax error near unexpected token `newline'");
    expect(error("echo 'open")).toBe("unexpected EOF while looking for matching `''");
    expect(error('echo "open')).toBe('unexpected EOF while looking for matching `"\'');
    expect(error('sleep 1 &')).toMatch(/not supported/);
  });
});
