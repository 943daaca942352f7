/**
 * A fast 64-bit fingerprint of a byte stream, for unique ids derived from message headers.
 * Not cryptographic: ids only need to be stable and, within one maildrop, unique (clashes are
 * resolved by UidAllocator). Two 32-bit lanes (FNV-1a and a Murmur-style multiply), mixed at
 * the end with MurmurHash3's finaliser. Changing this function changes every derived id, so
 * it must stay as it is.
 */
export class Fingerprint {
  #a = 0x811c9dc5;
  #b = 0x9747b28c;
  #length = 0;

  update(buf: Uint8Array, start = 0, end = buf.length): void {
    let a = this.#a;
    let b = this.#b;
    for (let i = start; i < end; i++) {
      const byte = buf[i]!;
      a = Math.imul(a ^ byte, 0x01000193);
      b = Math.imul((b ^ byte) + 0x2b, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.#a = a;
    this.#b = b;
    this.#length += end - start;
  }

  /** The 64-bit value as two 32-bit words, written at `words[at]` and `words[at + 1]`. */
  digest(words: Uint32Array, at: number): void {
    let a = this.#a ^ this.#length;
    let b = this.#b ^ Math.imul(this.#length, 0x27d4eb2d);
    a = fmix(a ^ Math.imul(b, 0x85ebca6b));
    b = fmix(b ^ Math.imul(a, 0xc2b2ae35));
    words[at] = a;
    words[at + 1] = b;
  }
}

/** The 16 hex digits of a digest's two words. */
export function fingerprintHex(a: number, b: number): string {
  // One flat string: two joined halves would be kept as a pair of strings, twice the memory.
  const codes = new Array<number>(16);
  hexInto(codes, 0, a >>> 0);
  hexInto(codes, 8, b >>> 0);
  return String.fromCharCode(...codes);
}

const HEX_DIGITS = '0123456789abcdef';

function hexInto(codes: number[], at: number, n: number): void {
  for (let i = 7; i >= 0; i--) {
    codes[at + i] = HEX_DIGITS.charCodeAt(n & 0xf);
    n >>>= 4;
  }
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
