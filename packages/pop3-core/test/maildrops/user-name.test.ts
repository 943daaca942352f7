import { describe, expect, it } from 'vitest';
import { isPlainUserName } from '../../src';

describe('isPlainUserName', () => {
  it('accepts ordinary user names, dots, dashes, digits and letters beyond ASCII', () => {
    for (const user of [
      'chris',
      'alice',
      'load17',
      'jean.dupont',
      'o-brien',
      'zoé',
      'a',
      'x'.repeat(64),
    ]) {
      expect(isPlainUserName(user)).toBe(true);
    }
  });

  it('refuses anything that could escape the spool or hide among its files', () => {
    for (const user of [
      '',
      '.',
      '..',
      '../etc/passwd',
      'a/b',
      'a\\b',
      '.profile',
      'chris.lock',
      'x'.repeat(65),
    ]) {
      expect(isPlainUserName(user), JSON.stringify(user)).toBe(false);
    }
  });

  it('refuses control characters, spaces and broken text', () => {
    for (const user of [
      'nul\0',
      'new\nline',
      'tab\t',
      'with space',
      'del\x7f',
      'c1\x85',
      'lone\ud800',
    ]) {
      expect(isPlainUserName(user), JSON.stringify(user)).toBe(false);
    }
    expect(isPlainUserName('emoji😀')).toBe(true);
  });
});
