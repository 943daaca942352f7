/**
 * A user name becomes a file name (`/var/spool/mail/<user>`, `/home/<user>/Maildir`), so it is
 * checked before any path is built: no way out of the spool ('..', '/'), nothing a shell or a
 * terminal would treat specially, and no name that could collide with the files a maildrop keeps
 * beside a mailbox (`<user>.lock`, hidden rewrite files).
 */
const MAX_USER_LENGTH = 64; // RFC 5321 §4.5.3.1.1: the longest local part

export function isPlainUserName(user: string): boolean {
  if (user.length === 0 || user.length > MAX_USER_LENGTH) return false;
  if (user === '.' || user === '..' || user.startsWith('.')) return false;
  if (user.endsWith('.lock')) return false;
  for (let i = 0; i < user.length; i++) {
    const code = user.charCodeAt(i);
    // C0 controls and space, DEL, C1 controls; path separators of any system.
    if (code <= 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f)) return false;
    if (code === 0x2f || code === 0x5c) return false;
    // Lone surrogates cannot be written as a file name in UTF-8.
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = user.charCodeAt(i + 1);
      if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    }
  }
  return true;
}
