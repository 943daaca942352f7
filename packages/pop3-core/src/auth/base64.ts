/**
 * Strict base64 (RFC 4648 §4) for SASL exchanges. RFC 5034 §4: a server must reject any
 * character outside the alphabet and padding anywhere but at the end, not skip them.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map([...ALPHABET].map((char, value) => [char, value]));

/** Decodes base64, or returns undefined if it is not strictly valid. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let group = 0;
    for (let j = 0; j < 4; j++) {
      const char = text[i + j]!;
      const inPadding = i + 4 === text.length && j >= 4 - padding;
      const value = inPadding ? (char === '=' ? 0 : undefined) : VALUES.get(char);
      if (value === undefined) return undefined;
      group = (group << 6) | value;
    }
    const bytes = [(group >> 16) & 0xff, (group >> 8) & 0xff, group & 0xff];
    for (const byte of bytes) if (o < out.length) out[o++] = byte;
  }
  return out;
}

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const group = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(group >> 18) & 63]! + ALPHABET[(group >> 12) & 63]!;
    out += b === undefined ? '=' : ALPHABET[(group >> 6) & 63]!;
    out += c === undefined ? '=' : ALPHABET[group & 63]!;
  }
  return out;
}
