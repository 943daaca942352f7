import { describe, expect, it } from 'vitest';
import { parseKeys, pasteToKeys } from '../src/terminal/key-parser';

describe('parseKeys', () => {
  it('groups printable characters into one text key', () => {
    expect(parseKeys('user chris')).toEqual([{ type: 'text', text: 'user chris' }]);
  });

  it('reads Enter as CR, and a CR LF pair as a single Enter', () => {
    expect(parseKeys('\r')).toEqual([{ type: 'enter' }]);
    expect(parseKeys('a\r\nb')).toEqual([
      { type: 'text', text: 'a' },
      { type: 'enter' },
      { type: 'text', text: 'b' },
    ]);
  });

  it('knows arrows, home/end and delete in their CSI and SS3 forms', () => {
    expect(parseKeys('\x1b[A\x1b[B\x1b[C\x1b[D').map((k) => k.type)).toEqual([
      'up',
      'down',
      'right',
      'left',
    ]);
    expect(parseKeys('\x1bOH\x1bOF\x1b[1~\x1b[4~\x1b[3~').map((k) => k.type)).toEqual([
      'home',
      'end',
      'home',
      'end',
      'delete',
    ]);
    expect(parseKeys('\x1b[1;5D\x1b[1;5C').map((k) => k.type)).toEqual(['word-left', 'word-right']);
  });

  it('maps the control keys a shell user expects', () => {
    expect(parseKeys('\x7f\x03\x04\x0c\x15\x0b\x17\x1d\x01\x05').map((k) => k.type)).toEqual([
      'backspace',
      'interrupt',
      'eof',
      'clear-screen',
      'kill-to-start',
      'kill-to-end',
      'kill-word',
      'escape-char',
      'home',
      'end',
    ]);
  });

  it('drops unknown escape sequences and stray control characters', () => {
    expect(parseKeys('a\x1b[15~b\x07c')).toEqual([
      { type: 'text', text: 'a' },
      { type: 'text', text: 'bc' },
    ]);
  });

  it('keeps a bracketed paste whole, escapes and line breaks included', () => {
    expect(parseKeys('x\x1b[200~user chris\rpass \x1b[A\x1b[201~y')).toEqual([
      { type: 'text', text: 'x' },
      { type: 'paste', text: 'user chris\rpass \x1b[A' },
      { type: 'text', text: 'y' },
    ]);
  });

  it('keeps non-ASCII text', () => {
    expect(parseKeys('répondre 📬')).toEqual([{ type: 'text', text: 'répondre 📬' }]);
  });
});

describe('pasteToKeys', () => {
  it('turns each line break into Enter and strips control characters', () => {
    expect(pasteToKeys('user chris\r\npass\tepikoi\n\x1b[Astat')).toEqual([
      { type: 'text', text: 'user chris' },
      { type: 'enter' },
      { type: 'text', text: 'pass epikoi' },
      { type: 'enter' },
      { type: 'text', text: '[Astat' },
    ]);
  });
});
