import { bytes as wireLinesWasm } from './wasm/generated/wire-lines.ts';

/**
 * Mail text to wire lines in one pass over a block: every line ended by LF (or CRLF) ends in CRLF
 * and, when stuffing, a line starting with "." gets one more (RFC 1939 §3, RFC 5321 §4.5.2).
 *
 * The pass runs in WebAssembly (wasm/wire-lines.wat: a 16-byte SIMD scan for LF and one bulk
 * copy per line), about four times the JavaScript line loop on mail text. `wireLines()` is
 * `undefined` where WebAssembly cannot run (a page whose policy forbids it, `node --jitless`):
 * callers keep a JavaScript path, held to the same results by the tests.
 */
export interface WireLines {
  /**
   * Converts the lines of `src[start, end)`. Flags: `LINES_FINAL`, the text ends at `end`, so a
   * last line without LF is written as it is (no CRLF added), otherwise it waits for the next
   * call; `LINES_STUFF`, byte-stuff; `LINES_STOP_AT_QUOTED_FROM`, stop before a line of ">"s
   * then "From " (mbox quoting the caller undoes), or one that ends too near `end` to tell.
   * Returns where the input stopped; the output is `output()` until the next call.
   */
  convert(src: Uint8Array, start: number, end: number, flags: number): number;
  /** The output of the last `convert`, a view of the module's memory: copy it before reusing. */
  output(): Uint8Array;
  /**
   * Room for `length` bytes of input inside the module's memory, for a caller that reads a
   * file straight into it: `convert` then works on (any part of) it where it lies, with no
   * copy, and its output never needs more memory. The room is shared: fill it and convert it
   * without letting anything else use the converter in between (no await).
   */
  input(length: number): Uint8Array;
}

/** `convert` flags. */
export const LINES_FINAL = 1;
export const LINES_STUFF = 2;
export const LINES_STOP_AT_QUOTED_FROM = 4;

// The ES library types carry no WebAssembly; this module needs only these.
declare const WebAssembly: {
  Module: new (code: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
};
interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WireLinesExport = (p: number, end: number, o: number, flags: number) => number;

const PAGE = 65536;
/** The input starts here; address 0 holds where the pass stopped. */
const INPUT = 64;
/** The scan reads up to 16 bytes past the end of the input, and stores 16 past its output. */
const SLACK = 16;

class WasmWireLines implements WireLines {
  readonly #memory: Memory;
  readonly #run: WireLinesExport;
  #heap: Uint8Array;
  #words: Int32Array;
  #outputStart = 0;
  #outputEnd = 0;

  constructor(memory: Memory, run: WireLinesExport) {
    this.#memory = memory;
    this.#run = run;
    this.#heap = new Uint8Array(memory.buffer);
    this.#words = new Int32Array(memory.buffer, 0, 1);
  }

  convert(src: Uint8Array, start: number, end: number, flags: number): number {
    if (src.buffer === this.#memory.buffer) return this.#convertInPlace(src, start, end, flags);
    const length = end - start;
    // The output is at most twice the input plus one: "." + LF becomes ".." CR LF.
    const outputStart = INPUT + length + SLACK;
    this.#reserve(outputStart + 2 * length + 2 + SLACK);
    this.#heap.set(length === src.length ? src : src.subarray(start, end), INPUT);
    this.#outputStart = outputStart;
    this.#outputEnd = this.#run(INPUT, INPUT + length, outputStart, flags);
    return start + (this.#words[0]! - INPUT);
  }

  output(): Uint8Array {
    return this.#heap.subarray(this.#outputStart, this.#outputEnd);
  }

  input(length: number): Uint8Array {
    this.#reserve(INPUT + length + SLACK + 2 * length + 2 + SLACK);
    return this.#heap.subarray(INPUT, INPUT + length);
  }

  /** `src` is (part of) the room `input` gave: the output goes after all of it. */
  #convertInPlace(src: Uint8Array, start: number, end: number, flags: number): number {
    const p = src.byteOffset + start;
    const outputStart = src.byteOffset + src.length + SLACK;
    if (outputStart + 2 * (end - start) + 2 + SLACK > this.#heap.length) {
      throw new RangeError('convert: input in the module memory but not from input()');
    }
    this.#outputStart = outputStart;
    this.#outputEnd = this.#run(p, src.byteOffset + end, outputStart, flags);
    return start + (this.#words[0]! - p);
  }

  /** Grows the memory to `bytes` at least (views made before then are no longer valid). */
  #reserve(bytes: number): void {
    if (bytes <= this.#heap.length) return;
    this.#memory.grow(Math.ceil((bytes - this.#heap.length) / PAGE));
    this.#heap = new Uint8Array(this.#memory.buffer);
    this.#words = new Int32Array(this.#memory.buffer, 0, 1);
  }
}

let instance: WireLines | null | undefined;

/** The shared converter, built on first use; `undefined` where WebAssembly cannot run. */
export function wireLines(): WireLines | undefined {
  if (instance === undefined) {
    try {
      const { exports } = new WebAssembly.Instance(new WebAssembly.Module(wireLinesWasm));
      instance = new WasmWireLines(
        exports['memory'] as Memory,
        exports['wire_lines'] as WireLinesExport,
      );
    } catch {
      instance = null;
    }
  }
  return instance ?? undefined;
}
