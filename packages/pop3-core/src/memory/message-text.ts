/**
 * Message text in the form RETR sends it before byte-stuffing (RFC 1939 §3, §5): lines end
 * with CRLF, the last one included. TOP's cut (RFC 1939 §7): the header, the blank line, then
 * a number of body lines.
 */
import { utf8Encode } from '@pop3-lab/protocol';

const CR = 0x0d;
const LF = 0x0a;

/** Bare LFs become CRLF, and a last line without an end gets one. */
export function toCrlf(message: Uint8Array | string): Uint8Array {
  const bytes = typeof message === 'string' ? utf8Encode(message) : message;
  let extra = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === LF && bytes[i - 1] !== CR) extra++;
  const unterminated = bytes.length > 0 && bytes[bytes.length - 1] !== LF;
  if (extra === 0 && !unterminated) return bytes;
  const out = new Uint8Array(
    bytes.length + extra + (unterminated ? (bytes[bytes.length - 1] === CR ? 1 : 2) : 0),
  );
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === LF && bytes[i - 1] !== CR) out[o++] = CR;
    out[o++] = byte;
  }
  if (unterminated) {
    if (bytes[bytes.length - 1] !== CR) out[o++] = CR;
    out[o++] = LF;
  }
  return out;
}

/**
 * How many octets of a CRLF message TOP sends: up to and including the blank line that ends
 * the header, then `bodyLines` lines. A message without a blank line is all header.
 */
export function topLength(message: Uint8Array, bodyLines: number): number {
  let i = 0;
  // Find the end of the header: an empty line (possibly the very first line).
  for (;;) {
    const lf = message.indexOf(LF, i);
    if (lf === -1) return message.length;
    const empty = lf === i + 1 && message[i] === CR;
    i = lf + 1;
    if (empty) break;
  }
  for (let line = 0; line < bodyLines; line++) {
    const lf = message.indexOf(LF, i);
    if (lf === -1) return message.length;
    i = lf + 1;
  }
  return i;
}
