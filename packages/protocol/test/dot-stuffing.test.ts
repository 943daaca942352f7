import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DotStuffer,
  asciiBytes,
  concatBytes,
  dotStuff,
  dotUnstuff,
  findTerminator,
  latin1Decode,
} from '../src';

const text = (b: Uint8Array) => latin1Decode(b);

describe('byte-stuffing (RFC 1939 §3)', () => {
  it('doubles a leading dot and ends with CRLF.CRLF', () => {
    expect(text(dotStuff(asciiBytes('.hidden\r\nplain\r\n..two\r\n')))).toBe(
      '..hidden\r\nplain\r\n...two\r\n.\r\n',
    );
  });

  it('adds the missing CRLF before the terminator', () => {
    expect(text(dotStuff(asciiBytes('no line end')))).toBe('no line end\r\n.\r\n');
  });

  it('ends an empty body with the terminator alone', () => {
    expect(text(dotStuff(new Uint8Array()))).toBe('.\r\n');
  });

  it('finds a dot at a line start split across chunks', () => {
    const stuffer = new DotStuffer();
    const out = concatBytes([
      stuffer.transform(asciiBytes('a\r\n')),
      stuffer.transform(asciiBytes('.b\r')),
      stuffer.transform(asciiBytes('\n.')),
      stuffer.transform(asciiBytes('c\r\n')),
      stuffer.finish(),
    ]);
    expect(text(out)).toBe('a\r\n..b\r\n..c\r\n.\r\n');
  });

  it('round-trips any CRLF content in any chunking', () => {
    const line = fc.stringMatching(/^[.a-z\x20]{0,12}$/);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.nat(40), (lines, cut) => {
        const content = asciiBytes(lines.map((l) => l + '\r\n').join(''));
        const stuffer = new DotStuffer();
        const at = Math.min(cut, content.length);
        const stuffed = concatBytes([
          stuffer.transform(content.subarray(0, at)),
          stuffer.transform(content.subarray(at)),
          stuffer.finish(),
        ]);
        const end = findTerminator(stuffed);
        expect(end).toBe(stuffed.length);
        expect(dotUnstuff(stuffed.subarray(0, stuffed.length - 3))).toEqual(content);
      }),
    );
  });

  it('does not take a stuffed dot line for the terminator', () => {
    const stuffed = dotStuff(asciiBytes('.\r\nafter\r\n'));
    expect(text(stuffed)).toBe('..\r\nafter\r\n.\r\n');
    expect(findTerminator(stuffed)).toBe(stuffed.length);
  });
});
