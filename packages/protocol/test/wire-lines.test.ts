// The WebAssembly line pass: LF to CRLF and byte-stuffing (RFC 1939 §3), held to a naive model.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LINES_FINAL,
  LINES_STOP_AT_QUOTED_FROM,
  LINES_STUFF,
  asciiBytes,
  concatBytes,
  latin1Decode,
  wireLines,
} from '../src';

const wire = wireLines()!;

/** What the pass should write for `text` (whole lines, plus the last one when final). */
function model(text: string, flags: number): { out: string; consumed: number } {
  let out = '';
  let p = 0;
  while (p < text.length) {
    const lf = text.indexOf('\n', p);
    const line = lf === -1 ? text.slice(p) : text.slice(p, lf);
    if (flags & LINES_STOP_AT_QUOTED_FROM && line.startsWith('>')) {
      const run = /^>+/.exec(line)![0].length;
      // stops at a quoted From line, and where the bytes left are too few to tell
      if (text.length - (p + run) < 5 || line.slice(run).startsWith('From ')) break;
    }
    if (lf === -1 && !(flags & LINES_FINAL)) break;
    const stuffing = flags & LINES_STUFF && line.startsWith('.') ? '.' : '';
    if (lf === -1) {
      out += stuffing + line;
      p = text.length;
      break;
    }
    out += stuffing + (line.endsWith('\r') ? line.slice(0, -1) : line) + '\r\n';
    p = lf + 1;
  }
  return { out, consumed: p };
}

function run(text: string, flags: number) {
  const src = asciiBytes(text);
  const consumed = wire.convert(src, 0, src.length, flags);
  return { out: latin1Decode(wire.output()), consumed };
}

describe('wire lines', () => {
  it('runs here (Node has WebAssembly with SIMD)', () => {
    expect(wireLines()).toBeDefined();
  });

  it('is assembled from the current wire-lines.wat', () => {
    const script = fileURLToPath(new URL('../scripts/assemble-wasm.mjs', import.meta.url));
    // exits non-zero, failing the test, when the generated module is older than its source
    execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' });
  });

  it('ends lines in CRLF, keeps a CRLF, and doubles a leading dot when stuffing', () => {
    const text = 'a\n.b\r\nc\r\r\n\n..d\nlast';
    expect(run(text, LINES_STUFF | LINES_FINAL)).toEqual({
      out: 'a\r\n..b\r\nc\r\r\n\r\n...d\r\nlast',
      consumed: text.length,
    });
    expect(run(text, 0)).toEqual({
      out: 'a\r\n.b\r\nc\r\r\n\r\n..d\r\n',
      consumed: text.length - 4,
    });
  });

  it('stops before a quoted From line, for the caller to undo the quoting', () => {
    const text = 'one\n>Fromage\n>>From x\ntwo\n';
    expect(run(text, LINES_STOP_AT_QUOTED_FROM)).toEqual({
      out: 'one\r\n>Fromage\r\n',
      consumed: 'one\n>Fromage\n'.length,
    });
  });

  it('reads the input at any offset of a larger buffer', () => {
    const src = asciiBytes('skip\n.x\ny');
    expect(wire.convert(src, 5, 8, LINES_STUFF)).toBe(8);
    expect(latin1Decode(wire.output())).toBe('..x\r\n');
  });

  it('grows its memory for a large block', () => {
    const text = `${'.'.repeat(300_000)}\n`.repeat(4);
    const { out, consumed } = run(text, LINES_STUFF);
    expect(consumed).toBe(text.length);
    expect(out).toBe(`.${'.'.repeat(300_000)}\r\n`.repeat(4));
  });

  it('converts input placed in its own memory where it lies, in parts too', () => {
    const text = '.a\nb\r\n>From c\nlast';
    const room = wire.input(text.length);
    room.set(asciiBytes(text));
    expect(wire.convert(room, 0, room.length, LINES_STUFF | LINES_FINAL)).toBe(text.length);
    expect(latin1Decode(wire.output())).toBe('..a\r\nb\r\n>From c\r\nlast');
    // the input is untouched: a part of it converts the same way
    const at = text.indexOf('b');
    expect(wire.convert(room, at, room.length, LINES_STOP_AT_QUOTED_FROM)).toBe(text.indexOf('>'));
    expect(latin1Decode(wire.output())).toBe('b\r\n');
    expect(latin1Decode(room)).toBe(text);
  });

  it('refuses input in its memory that input() did not reserve room for', () => {
    const room = wire.input(8);
    const beyond = new Uint8Array(room.buffer, 0, room.buffer.byteLength);
    expect(() => wire.convert(beyond, 0, beyond.length, 0)).toThrow(RangeError);
  });

  const piece = fc.oneof(
    fc.constantFrom('\n', '\r\n', '\r', '.', '>', '>>', 'From ', '>From ', 'Fro', 'x'),
    fc.string({ maxLength: 40 }),
    fc.integer({ min: 1, max: 100 }).map((n) => 'y'.repeat(n)),
  );
  const text = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
  const flags = fc.integer({ min: 0, max: 7 });

  it('matches the model for any text and flags', () => {
    fc.assert(
      fc.property(text, flags, (t, f) => {
        const bytes = latin1Decode(asciiBytes(t)); // the text as one character per byte
        expect(run(bytes, f)).toEqual(model(bytes, f));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same bytes fed in pieces as whole, the unfinished line carried over', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 5 }), (t, cuts) => {
        const src = asciiBytes(t);
        const points = [...new Set(cuts.map((c) => c % (src.length + 1)))].sort((a, b) => a - b);
        const outs: Uint8Array[] = [];
        let p = 0;
        for (const end of [...points, src.length]) {
          if (end <= p) continue;
          const flags = LINES_STUFF | (end === src.length ? LINES_FINAL : 0);
          p = wire.convert(src, p, end, flags);
          outs.push(wire.output().slice());
        }
        expect(p).toBe(src.length);
        expect(latin1Decode(concatBytes(outs))).toBe(
          model(latin1Decode(src), LINES_STUFF | LINES_FINAL).out,
        );
      }),
      { numRuns: 1000 },
    );
  });
});
