import { describe, expect, test } from 'vitest';
import { maskSecrets, parseCommand } from '../../src';

describe('parseCommand', () => {
  test('reads the keyword case-insensitively and splits the arguments', () => {
    const command = parseCommand('top 1 10');
    expect(command.keyword).toBe('TOP');
    expect(command.args).toEqual(['1', '10']);
  });

  test('accepts bytes and text alike', () => {
    expect(parseCommand(new TextEncoder().encode('StAt'))).toEqual(parseCommand('StAt'));
  });

  test('is lenient with the spaces people type', () => {
    expect(parseCommand('  list \t 2  ').args).toEqual(['2']);
    expect(parseCommand('  list \t 2  ').keyword).toBe('LIST');
  });

  test('keeps the rest of the line untouched, for a password with spaces (RFC 1939 §7)', () => {
    expect(parseCommand('PASS correct horse  battery').rest).toBe('correct horse  battery');
  });

  test('gives an empty keyword for a blank line', () => {
    expect(parseCommand('').keyword).toBe('');
    expect(parseCommand('   ').keyword).toBe('');
  });

  test('upper-cases ASCII letters only, so no other letter can turn into a keyword', () => {
    expect(parseCommand('ſtat').keyword).not.toBe('STAT');
  });
});

describe('maskSecrets', () => {
  test('hides the PASS argument, whatever its case and spaces', () => {
    expect(maskSecrets('pass epikoi')).toBe('pass ****');
    expect(maskSecrets('PASS two words')).toBe('PASS ****');
  });

  test('hides an AUTH initial response but keeps the mechanism', () => {
    expect(maskSecrets('AUTH PLAIN AGNocmlzAGVwaWtvaQ==')).toBe('AUTH PLAIN ****');
    expect(maskSecrets('auth login Y2hyaXM=')).toBe('auth login ****');
  });

  test('leaves other lines alone', () => {
    for (const line of [
      'USER chris',
      'AUTH PLAIN',
      'APOP mrose c4c9334bac560ecc979e58001b3e22fb',
      'RETR 1',
    ]) {
      expect(maskSecrets(line)).toBe(line);
    }
  });
});
