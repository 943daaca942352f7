/** Decoding what SASL clients send, once base64 is undone. */
import { utf8Decode } from '@pop3-lab/protocol';

export interface Credentials {
  readonly user: string;
  readonly secret: string;
}

/**
 * PLAIN (RFC 4616 §2): [authzid] NUL authcid NUL passwd. Acting as another user (an authzid
 * different from authcid) is refused: this server has no administrators. Returns undefined for
 * a malformed message, 'forbidden-authzid' for an attempt to act as someone else.
 */
export function parsePlain(message: Uint8Array): Credentials | 'forbidden-authzid' | undefined {
  const parts = utf8Decode(message).split('\0');
  if (parts.length !== 3) return undefined;
  const [authzid, user, secret] = parts as [string, string, string];
  if (user === '' || secret === '') return undefined;
  if (authzid !== '' && authzid !== user) return 'forbidden-authzid';
  return { user, secret };
}

/** CRAM-MD5 (RFC 2195 §2): the user name, a space, then 32 hex digits. */
export function parseCramResponse(
  message: Uint8Array,
): { user: string; digest: string } | undefined {
  const text = utf8Decode(message);
  const space = text.lastIndexOf(' ');
  if (space <= 0) return undefined;
  const digest = text.slice(space + 1);
  if (!/^[0-9a-fA-F]{32}$/.test(digest)) return undefined;
  return { user: text.slice(0, space), digest: digest.toLowerCase() };
}
