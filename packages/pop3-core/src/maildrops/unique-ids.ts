/**
 * Unique-id listings (RFC 1939 §7, UIDL): 1 to 70 characters in 0x21-0x7E, the same for a
 * message in every session, never shared by two messages of one maildrop.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { utf8Encode } from '@pop3-lab/protocol';

export const MAX_UID_LENGTH = 70;

export function isValidUid(uid: string): boolean {
  return uid.length >= 1 && uid.length <= MAX_UID_LENGTH && /^[\x21-\x7e]+$/.test(uid);
}

/** A 32-character id from text that may not be a valid id itself (a long or 8-bit name). */
export function hashedUid(text: string): string {
  return bytesToHex(sha256(utf8Encode(text))).slice(0, 32);
}

/**
 * Hands out ids in message order. A candidate already taken (two copies of one message, two
 * messages carrying the same X-UIDL) becomes "<id>.2", "<id>.3", ...: the n-th copy keeps its
 * id across sessions as long as the copies before it are kept.
 */
export class UidAllocator {
  readonly #taken = new Set<string>();

  take(candidate: string): string {
    let uid = candidate;
    for (let n = 2; this.#taken.has(uid); n++) {
      const suffix = `.${n}`;
      uid = candidate.slice(0, MAX_UID_LENGTH - suffix.length) + suffix;
    }
    this.#taken.add(uid);
    return uid;
  }
}
