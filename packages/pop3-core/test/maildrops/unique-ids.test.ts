// Ids taken as fingerprints (numbers) are handed out exactly as if taken as their hex strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintHex } from '../../src/maildrops/fingerprint';
import { UidAllocator } from '../../src/maildrops/unique-ids';

type Claim = { kind: 'digest'; a: number; b: number } | { kind: 'text'; text: string };

describe('UidAllocator', () => {
  it('gives a second copy of a fingerprint "<hex>.2", and an X-UIDL equal to a fingerprint too', () => {
    const uids = new UidAllocator();
    expect(uids.takeDigest(1, 2)).toBeUndefined();
    expect(uids.takeDigest(1, 2)).toBe(`${fingerprintHex(1, 2)}.2`);
    expect(uids.take(fingerprintHex(1, 2))).toBe(`${fingerprintHex(1, 2)}.3`);
    expect(uids.take('abc')).toBe('abc');
    expect(uids.take(fingerprintHex(3, 4))).toBe(fingerprintHex(3, 4));
    expect(uids.takeDigest(3, 4)).toBe(`${fingerprintHex(3, 4)}.2`);
  });

  it('hands out the same ids whether fingerprints are taken as numbers or as text', () => {
    // Few distinct values, so that clashes of every kind happen.
    const word = fc.constantFrom(0, 1, 0xffffffff, 0x80000000, 12345);
    const claim: fc.Arbitrary<Claim> = fc.oneof(
      fc.record({ kind: fc.constant('digest' as const), a: word, b: word }),
      fc.record({
        kind: fc.constant('text' as const),
        text: fc.oneof(
          fc.tuple(word, word).map(([a, b]) => fingerprintHex(a, b)),
          fc.tuple(word, word).map(([a, b]) => `${fingerprintHex(a, b)}.2`),
          fc.constantFrom('x', 'x.2', 'y'),
        ),
      }),
    );
    fc.assert(
      fc.property(fc.array(claim, { maxLength: 40 }), (claims) => {
        const numbers = new UidAllocator();
        const texts = new UidAllocator();
        for (const c of claims) {
          if (c.kind === 'digest') {
            const hex = fingerprintHex(c.a, c.b);
            expect(numbers.takeDigest(c.a, c.b) ?? hex).toBe(texts.take(hex));
          } else {
            expect(numbers.take(c.text)).toBe(texts.take(c.text));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps thousands of fingerprints apart (the table grows)', () => {
    const uids = new UidAllocator();
    for (let i = 0; i < 5000; i++) expect(uids.takeDigest(i, i * 7)).toBeUndefined();
    for (let i = 0; i < 5000; i += 97) {
      expect(uids.takeDigest(i, i * 7)).toBe(`${fingerprintHex(i, i * 7)}.2`);
    }
  });
});
