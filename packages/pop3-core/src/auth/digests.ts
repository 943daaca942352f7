/**
 * The two challenge–response digests of POP3, from a maintained hash library that runs in
 * browsers and Node alike.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { md5 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { utf8Encode } from '@pop3-lab/protocol';

/**
 * APOP (RFC 1939 §7): MD5 of the greeting's timestamp, angle brackets included, followed by
 * the shared secret, as 32 lowercase hex digits.
 */
export function apopDigest(timestamp: string, secret: string): string {
  return bytesToHex(md5(utf8Encode(timestamp + secret)));
}

/** CRAM-MD5 (RFC 2195 §2): HMAC-MD5 of the challenge keyed with the secret, in lowercase hex. */
export function cramMd5Digest(challenge: string, secret: string): string {
  return bytesToHex(hmac(md5, utf8Encode(secret), utf8Encode(challenge)));
}
