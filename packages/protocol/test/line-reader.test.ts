import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineReader, type LineItem, asciiBytes, latin1Decode } from '../src';

function readAll(reader: LineReader): LineItem[] {
  const items: LineItem[] = [];
  for (let item = reader.next(); item; item = reader.next()) items.push(item);
  return items;
}

function show(items: LineItem[]): string[] {
  return items.map((i) =>
    i.kind === 'line' ? latin1Decode(i.bytes) : `<too-long ${i.discarded}>`,
  );
}

describe('LineReader', () => {
  it('splits on CRLF and on a bare LF typed in a terminal', () => {
    const reader = new LineReader(255);
    reader.push(asciiBytes('USER chris\r\nPASS epikoi\nSTAT\r\n'));
    expect(show(readAll(reader))).toEqual(['USER chris', 'PASS epikoi', 'STAT']);
  });

  it('drops the CR NUL that telnet sends from a pipe before the line end (RFC 854)', () => {
    const reader = new LineReader(255);
    reader.push(asciiBytes('user chris\r\0\r\npass epikoi\r\0\n'));
    expect(show(readAll(reader))).toEqual(['user chris', 'pass epikoi']);
  });

  it('keeps an unfinished line until its end arrives, even a CRLF split across reads', () => {
    const reader = new LineReader(255);
    reader.push(asciiBytes('LIST 1\r'));
    expect(reader.next()).toBeUndefined();
    expect(reader.partialLength).toBe(7);
    reader.push(asciiBytes('\n'));
    expect(show(readAll(reader))).toEqual(['LIST 1']);
  });

  it('accepts a line of exactly the limit, CRLF included (RFC 2449 §4: 255 octets)', () => {
    const reader = new LineReader(255);
    reader.push(asciiBytes('A'.repeat(253) + '\r\n'));
    expect(show(readAll(reader))).toEqual(['A'.repeat(253)]);
  });

  it('drops an over-long line, says how much it threw away, and goes on', () => {
    const reader = new LineReader(255);
    reader.push(asciiBytes('X'.repeat(300) + '\r\nNOOP\r\n'));
    expect(show(readAll(reader))).toEqual(['<too-long 302>', 'NOOP']);
  });

  it('holds no more than the limit while a huge line streams in', () => {
    const reader = new LineReader(255);
    const block = new Uint8Array(1 << 20).fill(0x41);
    for (let i = 0; i < 100; i++) reader.push(block); // 100 MB without a line end
    expect(reader.next()).toBeUndefined();
    expect(reader.partialLength).toBe(100 << 20);
    reader.push(asciiBytes('\n'));
    expect(show(readAll(reader))).toEqual([`<too-long ${(100 << 20) + 1}>`]);
  });

  it('gives the same lines for any chunking of the input', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.array(fc.nat(600), { maxLength: 10 }),
        (input, cuts) => {
          const whole = new LineReader(64);
          whole.push(input);
          const pieces = new LineReader(64);
          const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort(
            (a, b) => a - b,
          );
          let start = 0;
          for (const p of [...points, input.length]) {
            pieces.push(input.subarray(start, p));
            start = p;
          }
          expect(show(readAll(pieces))).toEqual(show(readAll(whole)));
        },
      ),
    );
  });

  it('refuses a nonsensical limit instead of silently removing it', () => {
    expect(() => new LineReader(Number.NaN)).toThrow(RangeError);
    expect(() => new LineReader(0)).toThrow(RangeError);
  });
});

describe('latin1Decode', () => {
  it('maps every byte to the code point of the same value, as in every runtime', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = latin1Decode(all);
    expect(text.length).toBe(256);
    expect([...text].map((c) => c.charCodeAt(0))).toEqual([...all]);
  });
});
