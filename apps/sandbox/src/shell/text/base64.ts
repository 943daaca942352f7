/** Base64 as GNU coreutils' `base64` does it (RFC 4648 §4), on bytes. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map([...ALPHABET].map((ch, i) => [ch, i]));

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63];
    out += ALPHABET[(n >> 12) & 63];
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63];
    out += c === undefined ? '=' : ALPHABET[n & 63];
  }
  return out;
}

/** Lines of `width` characters (0: one line), each followed by LF, as `base64 -w` prints. */
export function wrapBase64(encoded: string, width: number): string {
  if (encoded === '') return '';
  if (width <= 0) return encoded + '\n';
  let out = '';
  for (let i = 0; i < encoded.length; i += width) out += encoded.slice(i, i + width) + '\n';
  return out;
}

/**
 * Decodes base64, ignoring line breaks (and, with `ignoreGarbage`, any character outside the
 * alphabet). Returns undefined for invalid input; like coreutils, what came before the error
 * is returned in `partial` so it can still be printed.
 */
export function decodeBase64(
  text: string,
  ignoreGarbage = false,
): { ok: true; bytes: Uint8Array } | { ok: false; partial: Uint8Array } {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  let padding = 0;
  let symbols = 0;
  for (const ch of text) {
    if (ch === '\n' || ch === '\r') continue;
    if (ch === '=') {
      padding++;
      continue;
    }
    const value = VALUES.get(ch);
    if (value === undefined || padding > 0) {
      if (ignoreGarbage && value === undefined) continue;
      return { ok: false, partial: Uint8Array.from(out) };
    }
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    symbols++;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  // Leftover bits must be padding-sized: 2 symbols → 1 byte, 3 → 2 bytes.
  if (symbols % 4 === 1 || padding > 2 || (padding > 0 && (symbols + padding) % 4 !== 0)) {
    return { ok: false, partial: Uint8Array.from(out) };
  }
  return { ok: true, bytes: Uint8Array.from(out) };
}
