/**
 * Turning reply text into wire lines. Every line the engine writes itself — status lines,
 * CAPA, LIST and UIDL listings — goes through here, so none exceeds 512 octets with its CRLF
 * (RFC 1939 §3, RFC 2449 §4) and none carries a control character echoed from the client.
 */
import { asciiBytes, utf8Encode } from '@pop3-lab/protocol';
import type { ResponseCode } from '../session/events';

export const MAX_LINE = 512;

/** The status line without CRLF: "+OK", "-ERR [IN-USE] text". */
export function statusLine(ok: boolean, code: ResponseCode | undefined, text: string): string {
  let line = ok ? '+OK' : '-ERR';
  if (code !== undefined) line += ` [${code}]`;
  if (text !== '') line += ` ${text}`;
  return line;
}

/**
 * Replaces control characters (which could end or forge a line) with "?". Text that came from
 * the client must pass through here before it is echoed.
 */
export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, '?');
}

/** True when every character is ASCII (one octet each on the wire). */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The line as bytes, with CRLF, cut to fit in `max` octets. Before UTF-8 is allowed (UTF8 or
 * LANG, RFC 6856) every non-ASCII character becomes "?".
 */
export function encodeLine(line: string, utf8: boolean, max = MAX_LINE): Uint8Array {
  const safe = printable(line);
  if (safe.length <= max - 2 && (!utf8 || isAscii(safe))) {
    // One byte a character, nothing to cut: straight into the line ("?" for non-ASCII).
    const out = asciiBytes(safe, 2);
    out[safe.length] = 0x0d;
    out[safe.length + 1] = 0x0a;
    return out;
  }
  const body = utf8 ? utf8Encode(safe) : asciiBytes(safe);
  let length = Math.min(body.length, max - 2);
  // Never cut a UTF-8 sequence in half: back up over continuation bytes.
  if (length < body.length) while (length > 0 && (body[length]! & 0xc0) === 0x80) length--;
  const out = new Uint8Array(length + 2);
  out.set(body.subarray(0, length));
  out[length] = 0x0d;
  out[length + 1] = 0x0a;
  return out;
}
