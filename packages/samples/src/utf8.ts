/**
 * UTF-8 bytes of a string. TextEncoder exists in every runtime the samples run in (browsers,
 * Node); it is reached through globalThis so this package needs no DOM or Node type library.
 */
const encoder = new (
  globalThis as unknown as { TextEncoder: new () => { encode(s: string): Uint8Array } }
).TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
