// The mbox index's message list gives back exactly what was pushed, however many pages it fills.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintHex } from '../../src/maildrops/fingerprint';
import { MboxSpans, type MboxSpan } from '../../src/maildrops/mbox-spans';

/** n messages laid end to end, every seventh with a named id. */
function model(n: number, seed: number): MboxSpan[] {
  const spans: MboxSpan[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const length = 40 + ((i * 7919 + seed) % 5000);
    const a = (i * 2654435761 + seed) >>> 0;
    const b = (i ^ seed) >>> 0;
    spans.push({
      start: at,
      contentStart: at + 30,
      contentEnd: at + length - 1,
      end: at + length,
      size: length + 20,
      uid: i % 7 === 3 ? `named-${i}` : fingerprintHex(a, b),
    });
    at += length;
  }
  return spans;
}

function build(spans: readonly MboxSpan[], seed: number): MboxSpans {
  const list = new MboxSpans();
  spans.forEach((s, i) => {
    const digest = Uint32Array.of((i * 2654435761 + seed) >>> 0, (i ^ seed) >>> 0);
    const named = s.uid.startsWith('named-') ? s.uid : undefined;
    list.push(s.start, s.contentStart, s.contentEnd, s.end, s.size, digest, named);
  });
  return list;
}

/** Every field read back through the accessors the store uses, compared in one go. */
function expectSame(list: MboxSpans, spans: readonly MboxSpan[]): void {
  expect(list.length).toBe(spans.length);
  const read = spans.map((_, i) => ({
    start: list.start(i),
    contentStart: list.contentStart(i),
    contentEnd: list.contentEnd(i),
    end: list.end(i),
    size: list.size(i),
    uid: list.uid(i),
  }));
  expect(read).toEqual(spans);
}

describe('MboxSpans', () => {
  it('holds what was pushed across page boundaries, before and after sealing', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 4000, max: 13_000 })),
        fc.nat(),
        (n, seed) => {
          const spans = model(n, seed);
          const list = build(spans, seed);
          expectSame(list, spans);
          expectSame(list.seal(), spans);
          expect([...list]).toEqual(spans);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('answers undefined outside the list, and refuses messages once sealed', () => {
    const list = build(model(5, 1), 1).seal();
    for (const i of [-1, 5, 1.5, Number.NaN]) {
      expect(list.at(i)).toBeUndefined();
      expect(list.size(i)).toBeUndefined();
      expect(list.uid(i)).toBeUndefined();
    }
    expect(() => list.push(0, 0, 0, 0, 0, new Uint32Array(2), undefined)).toThrow(/complete/);
  });

  it('keeps offsets beyond 4 GiB exact', () => {
    const far = 2 ** 40 + 3;
    const list = new MboxSpans();
    list.push(far, far + 10, far + 100, far + 101, 95, Uint32Array.of(1, 2), undefined);
    expect(list.seal().at(0)).toEqual({
      start: far,
      contentStart: far + 10,
      contentEnd: far + 100,
      end: far + 101,
      size: 95,
      uid: fingerprintHex(1, 2),
    });
  });
});
