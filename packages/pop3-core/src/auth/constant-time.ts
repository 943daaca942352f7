/**
 * Compares two secrets without stopping at the first difference, so the time taken says
 * nothing about how much of a guess was right.
 */
import { utf8Encode } from '@pop3-lab/protocol';

export function secretsEqual(given: string, expected: string): boolean {
  const a = utf8Encode(given);
  const b = utf8Encode(expected);
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a[i % Math.max(a.length, 1)] ?? 0) ^ b[i]!;
  return difference === 0;
}
