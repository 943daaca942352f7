/**
 * UTF-8 and ASCII helpers on Uint8Array. TextEncoder/TextDecoder exist in every runtime we
 * target (browsers, Node); they are reached through globalThis so that this package compiles
 * without DOM or Node type libraries.
 */
interface Encoder {
  encode(input: string): Uint8Array;
}
interface Decoder {
  decode(input: Uint8Array): string;
}
const runtime = globalThis as unknown as {
  TextEncoder: new () => Encoder;
  TextDecoder: new (label?: string, options?: { fatal?: boolean }) => Decoder;
};
const encoder = new runtime.TextEncoder();
const decoder = new runtime.TextDecoder('utf-8');

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8, replacing invalid sequences with U+FFFD (never throws). */
export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** One character per byte: for protocol keywords and arguments, where any byte must survive. */
export function latin1Decode(bytes: Uint8Array): string {
  // Not TextDecoder('latin1'): browsers treat that label as windows-1252 (0x80 → '€').
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return text;
}

/**
 * Bytes of a string known to be ASCII (protocol text); other code points become '?'. `room`:
 * octets left (zero) at the end for the caller, a line's CRLF say.
 */
export function asciiBytes(text: string, room = 0): Uint8Array {
  const out = new Uint8Array(text.length + room);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[i] = code < 0x80 ? code : 0x3f;
  }
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
