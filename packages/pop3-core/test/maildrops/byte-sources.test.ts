// Reading an mbox through a window gives exactly the bytes of the file, wherever reads fall.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailFileHandle } from '../../src';
import { WindowedSource, bytesSource, readFully } from '../../src/maildrops/byte-sources';
import { fsKinds, type TestFs } from './helpers';

for (const fsKind of fsKinds) {
  describe(`a windowed source on ${fsKind.name}`, () => {
    let t: TestFs;
    let handle: MailFileHandle;
    let reads: number;
    const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7 + 3) % 251);
    beforeEach(async () => {
      t = await fsKind.create();
      await t.fs.writeFile(`${t.root}/file`, data);
      const real = await t.fs.open(`${t.root}/file`, 'r');
      reads = 0;
      handle = {
        ...real,
        read: (...args) => {
          reads++;
          return real.read(...args);
        },
        close: () => real.close(),
      };
    });
    afterEach(async () => {
      await handle.close();
      await t.dispose();
    });

    it('gives the file’s bytes for any sequence of reads, window size and limit', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 6000 }),
          fc.integer({ min: 0, max: 5000 }),
          fc.array(fc.tuple(fc.nat(5200), fc.integer({ min: 1, max: 3000 })), { maxLength: 20 }),
          async (windowSize, limit, requests) => {
            const source = new WindowedSource(handle, limit, windowSize);
            for (const [position, length] of requests) {
              const buffer = new Uint8Array(length + 2);
              const got = await readFully(source, buffer, 1, length, position);
              const expected = data.subarray(position, Math.min(data.length, position + length));
              expect(got).toBe(expected.length);
              expect(buffer.subarray(1, 1 + got)).toEqual(expected);
              expect(buffer[0]).toBe(0); // nothing written outside the space given
            }
          },
        ),
        { numRuns: 150 },
      );
    });

    it('views ranges in place, mixed with reads, exactly as the file holds them', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 6000 }),
          fc.integer({ min: 0, max: 5000 }),
          fc.array(fc.tuple(fc.boolean(), fc.nat(5200), fc.integer({ min: 0, max: 3000 })), {
            maxLength: 20,
          }),
          async (windowSize, limit, requests) => {
            const source = new WindowedSource(handle, limit, windowSize);
            for (const [asView, position, length] of requests) {
              if (!asView) {
                const buffer = new Uint8Array(length);
                const got = await readFully(source, buffer, 0, length, position);
                expect(buffer.subarray(0, got)).toEqual(data.subarray(position, position + got));
                continue;
              }
              const end = position + length;
              const view = await source.view(position, end);
              if (length > Math.min(windowSize, limit) || end > limit) {
                expect(view).toBeUndefined(); // too big for the window, or past the index
              } else {
                expect(view).toEqual(data.subarray(position, end));
              }
            }
          },
        ),
        { numRuns: 150 },
      );
    });

    it('views an empty range before anything was read (an empty index) as no bytes', async () => {
      // Found by the property above: windowSize 1, limit 0, view(0, 0).
      const source = new WindowedSource(handle, 0, 1);
      expect(source.viewNow(0, 0)).toEqual(new Uint8Array(0));
      expect(await source.view(0, 0)).toEqual(new Uint8Array(0));
    });

    it('serves neighbouring reads from one read of the file', async () => {
      const source = new WindowedSource(handle, data.length, 4096);
      const buffer = new Uint8Array(100);
      for (let position = 0; position + 100 <= 4000; position += 100) {
        await source.read(buffer, 0, 100, position);
        expect(buffer).toEqual(data.subarray(position, position + 100));
      }
      expect(reads).toBe(1);
    });
  });
}

describe('a source over bytes in memory', () => {
  it('reads like a file that ends where the bytes end', async () => {
    const source = bytesSource(Uint8Array.of(1, 2, 3, 4));
    const buffer = new Uint8Array(4);
    expect(await source.read(buffer, 1, 3, 2)).toEqual({ bytesRead: 2 });
    expect(buffer).toEqual(Uint8Array.of(0, 3, 4, 0));
    expect(await source.read(buffer, 0, 3, 9)).toEqual({ bytesRead: 0 });
  });
});
