import { describe, expect, it } from 'vitest';
import { isPlainUserName } from '@pop3-lab/core';
import { parseUsersFile } from '../src/users-file';

describe('parseUsersFile', () => {
  it('reads user:password lines, skipping blank lines and # comments', () => {
    const result = parseUsersFile(
      '# class of 2025\nchris:epikoi\r\n\n  # indented comment\nana:s3cret\n',
      isPlainUserName,
    );
    expect(result).toEqual({
      ok: true,
      users: new Map([
        ['chris', 'epikoi'],
        ['ana', 's3cret'],
      ]),
    });
  });

  it('keeps everything after the first colon as the password, colons and spaces included', () => {
    const result = parseUsersFile('bob:a:b c: d\n', isPlainUserName);
    expect(result.ok && result.users.get('bob')).toBe('a:b c: d');
  });

  it.each([
    ['chris epikoi\n', 1, 'expected "user:password"'],
    ['ok:1\n:nopass\n', 2, 'the user name is empty'],
    ['ok:1\n\nbob:\n', 3, 'user "bob" has an empty password'],
    ['a:1\nb:2\na:3\n', 3, 'user "a" is listed twice'],
    ['../etc:x\n', 1, '"../etc" is not a plain user name'],
    ['ev/il:x\n', 1, '"ev/il" is not a plain user name'],
    ['nu\u0000l:x\n', 1, '"nu\\x00l" is not a plain user name'],
  ])('reports %j at line %i: %s', (text, line, message) => {
    expect(parseUsersFile(text, isPlainUserName)).toEqual({ ok: false, line, message });
  });
});
