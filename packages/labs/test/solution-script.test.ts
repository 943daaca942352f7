/** Solution lines and their placeholders. */
import { describe, expect, it } from 'vitest';
import { apopDigest } from '@pop3-lab/core';
import { expandPlaceholders, parseScriptLine, scriptText } from '../src/index';

describe('a solution line', () => {
  it.each([
    ['$ telnet localhost 110', { kind: 'shell', text: 'telnet localhost 110', line: 7 }],
    ['user chris', { kind: 'input', text: 'user chris', line: 7 }],
    ['^]', { kind: 'escape', line: 7 }],
    ['[terminal 2]', { kind: 'terminal', terminal: 2, line: 7 }],
    ['[pause 1.5]', { kind: 'pause', seconds: 1.5, line: 7 }],
    ['apop chris {digest:epikoi}', { kind: 'input', text: 'apop chris {digest:epikoi}', line: 7 }],
  ])('%s', (text, value) => {
    expect(parseScriptLine(text, 7)).toEqual({ ok: true, value });
  });

  it('skips blank lines', () => {
    expect(parseScriptLine('   ', 1)).toEqual({ ok: true, value: undefined });
  });

  it.each([
    ['$ ', /needs a command/],
    ['[terminal 3]', /takes 1 or 2/],
    ['[pause forever]', /number of seconds/],
    ['[pause 60]', /at most 30/],
    ['[sleep 1]', /unknown directive \[sleep\]/],
    ['echo {secret}', /unknown placeholder \{secret\}/],
  ])('refuses %s', (text, message) => {
    const result = parseScriptLine(text, 1);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('prints back as typed, without pauses', () => {
    const lines = ['$ telnet localhost 110', '[pause 1]', 'user chris', '^]', '[terminal 2]'].map(
      (text, index) => {
        const result = parseScriptLine(text, index + 1);
        if (!result.ok || !result.value) throw new Error(text);
        return result.value;
      },
    );
    expect(scriptText(lines)).toBe('$ telnet localhost 110\nuser chris\n^]\n[terminal 2]');
  });
});

describe('placeholders', () => {
  const values = { timestamps: ['<1.100@lab>', '<2.200@lab>'], digest: apopDigest };

  it('stand for the latest greeting, or the one before', () => {
    expect(expandPlaceholders("echo -n '{timestamp}epikoi'", values)).toEqual({
      ok: true,
      text: "echo -n '<2.200@lab>epikoi'",
    });
    expect(expandPlaceholders('apop chris {digest:epikoi}', values)).toEqual({
      ok: true,
      text: `apop chris ${apopDigest('<2.200@lab>', 'epikoi')}`,
    });
    expect(
      expandPlaceholders('apop chris {digest:epikoi:previous} {timestamp:previous}', values),
    ).toEqual({
      ok: true,
      text: `apop chris ${apopDigest('<1.100@lab>', 'epikoi')} <1.100@lab>`,
    });
  });

  it('cannot be filled before a greeting', () => {
    expect(expandPlaceholders('{timestamp}', { timestamps: [], digest: apopDigest })).toEqual({
      ok: false,
      message: 'no greeting with an APOP timestamp <…> has been seen yet',
    });
    expect(
      expandPlaceholders('{timestamp:previous}', { timestamps: ['<1@x>'], digest: apopDigest }),
    ).toMatchObject({ ok: false });
  });

  it('match the digest of RFC 1939 §7', () => {
    const rfc = { timestamps: ['<1896.697170952@dbc.mtview.ca.us>'], digest: apopDigest };
    expect(expandPlaceholders('{digest:tanstaaf}', rfc)).toEqual({
      ok: true,
      text: 'c4c9334bac560ecc979e58001b3e22fb',
    });
  });
});
