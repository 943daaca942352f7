/**
 * Byte-stuffing of multi-line responses (RFC 1939 §3; SMTP DATA uses the same rule, RFC 5321
 * §4.5.2): a line that begins with "." is sent with one more "." in front, and the response
 * ends with a line holding a single ".". Works at byte level on content whose lines already end
 * in CRLF, chunk by chunk, remembering across chunks whether the next byte starts a line.
 */
const DOT = 0x2e;
const LF = 0x0a;
const TERMINATOR = new Uint8Array([DOT, 0x0d, LF]);
const CRLF_TERMINATOR = new Uint8Array([0x0d, LF, DOT, 0x0d, LF]);

export class DotStuffer {
  #atLineStart = true;

  transform(chunk: Uint8Array): Uint8Array {
    if (chunk.length === 0) return chunk;
    let dots = 0;
    let lineStart = this.#atLineStart;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (lineStart && byte === DOT) dots++;
      lineStart = byte === LF;
    }
    if (dots === 0) {
      this.#atLineStart = lineStart;
      return chunk;
    }
    const out = new Uint8Array(chunk.length + dots);
    let o = 0;
    lineStart = this.#atLineStart;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (lineStart && byte === DOT) out[o++] = DOT;
      out[o++] = byte;
      lineStart = byte === LF;
    }
    this.#atLineStart = lineStart;
    return out;
  }

  /** The end of the response: ".\r\n", preceded by CRLF if the content did not end a line. */
  finish(): Uint8Array {
    const end = responseEnd(this.#atLineStart);
    this.#atLineStart = true;
    return end;
  }
}

/**
 * The line that ends a multi-line response: ".\r\n", preceded by CRLF when the content sent
 * before it did not end a line (`atLineStart` false).
 */
export function responseEnd(atLineStart: boolean): Uint8Array {
  return atLineStart ? TERMINATOR : CRLF_TERMINATOR;
}

/** Stuffs a whole body at once; the result includes the terminating ".\r\n". */
export function dotStuff(content: Uint8Array): Uint8Array {
  const stuffer = new DotStuffer();
  const body = stuffer.transform(content);
  const end = stuffer.finish();
  const out = new Uint8Array(body.length + end.length);
  out.set(body);
  out.set(end, body.length);
  return out;
}

/**
 * Undoes stuffing of a multi-line body given without its terminating ".\r\n" line: a line
 * beginning with "." loses that first ".".
 */
export function dotUnstuff(stuffed: Uint8Array): Uint8Array {
  const out = new Uint8Array(stuffed.length);
  let o = 0;
  let lineStart = true;
  for (let i = 0; i < stuffed.length; i++) {
    const byte = stuffed[i]!;
    if (!(lineStart && byte === DOT)) out[o++] = byte;
    lineStart = byte === LF;
  }
  return out.slice(0, o);
}

/**
 * Finds the end of a multi-line response in a buffer: the index just past "\r\n.\r\n" (or of a
 * leading ".\r\n" when the body is empty), or -1. `from` lets a caller resume a search across
 * reads without missing a terminator split between two of them.
 */
export function findTerminator(bytes: Uint8Array, from = 0): number {
  for (let i = Math.max(0, from); i + 2 < bytes.length; i++) {
    if (bytes[i] !== DOT || bytes[i + 1] !== 0x0d || bytes[i + 2] !== LF) continue;
    if (i === 0 || (i >= 2 && bytes[i - 1] === LF && bytes[i - 2] === 0x0d)) return i + 3;
  }
  return -1;
}
