/**
 * Unique-id listings (RFC 1939 §7, UIDL): 1 to 70 characters in 0x21-0x7E, the same for a
 * message in every session, never shared by two messages of one maildrop.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { utf8Encode } from '@pop3-lab/protocol';
import { fingerprintHex } from './fingerprint';

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
 *
 * Fingerprint ids (fingerprint.ts) are taken as numbers (`takeDigest`): indexing a mailbox of
 * 100,000 messages then makes no string per message, only for the few that clash.
 */
export class UidAllocator {
  readonly #taken = new Set<string>();
  readonly #digests = new DigestSet();

  take(candidate: string): string {
    let uid = candidate;
    for (let n = 2; this.#isTaken(uid); n++) {
      const suffix = `.${n}`;
      uid = candidate.slice(0, MAX_UID_LENGTH - suffix.length) + suffix;
    }
    this.#taken.add(uid);
    return uid;
  }

  /**
   * Takes the fingerprint (a, b) as an id: undefined when its 16 hex digits were free and are
   * now taken, otherwise the id given instead ("<hex>.2", ...).
   */
  takeDigest(a: number, b: number): string | undefined {
    const free =
      !this.#digests.has(a, b) &&
      (this.#taken.size === 0 || !this.#taken.has(fingerprintHex(a, b)));
    if (free) {
      this.#digests.add(a, b);
      return undefined;
    }
    return this.take(fingerprintHex(a, b));
  }

  #isTaken(uid: string): boolean {
    if (this.#taken.has(uid)) return true;
    if (this.#digests.size === 0 || !HEX_DIGEST.test(uid)) return false;
    return this.#digests.has(parseInt(uid.slice(0, 8), 16), parseInt(uid.slice(8), 16));
  }
}

const HEX_DIGEST = /^[0-9a-f]{16}$/;

/** A set of 64-bit values as pairs of 32-bit words, in flat arrays (open addressing). */
class DigestSet {
  size = 0;
  #words = new Uint32Array(0);
  #used = new Uint8Array(0);

  has(a: number, b: number): boolean {
    const used = this.#used;
    if (used.length === 0) return false;
    const mask = used.length - 1;
    for (let slot = slotOf(a, b, mask); used[slot] === 1; slot = (slot + 1) & mask) {
      if (this.#words[2 * slot] === a >>> 0 && this.#words[2 * slot + 1] === b >>> 0) return true;
    }
    return false;
  }

  add(a: number, b: number): void {
    if (this.has(a, b)) return;
    if ((this.size + 1) * 2 > this.#used.length) this.#grow();
    const used = this.#used;
    const mask = used.length - 1;
    let slot = slotOf(a, b, mask);
    while (used[slot] === 1) slot = (slot + 1) & mask;
    used[slot] = 1;
    this.#words[2 * slot] = a;
    this.#words[2 * slot + 1] = b;
    this.size++;
  }

  #grow(): void {
    const oldWords = this.#words;
    const oldUsed = this.#used;
    const capacity = Math.max(1024, oldUsed.length * 2);
    this.#words = new Uint32Array(capacity * 2);
    this.#used = new Uint8Array(capacity);
    this.size = 0;
    for (let slot = 0; slot < oldUsed.length; slot++) {
      if (oldUsed[slot] === 1) this.add(oldWords[2 * slot]!, oldWords[2 * slot + 1]!);
    }
  }
}

function slotOf(a: number, b: number, mask: number): number {
  return (Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b) >>> 15) & mask;
}
