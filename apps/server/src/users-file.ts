/**
 * The users file: one `user:password` per line. Passwords are kept in clear because APOP
 * (RFC 1939 §7) and CRAM-MD5 (RFC 2195) digest the shared secret itself, so the server must
 * know it. Blank lines and lines starting with `#` are ignored; the password is everything
 * after the first colon, so it may itself contain colons.
 */

export type UsersFileResult =
  | { readonly ok: true; readonly users: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly line: number; readonly message: string };

/**
 * @param isAcceptableName the same rule the maildrops apply (no `/`, `..`, NUL or control
 *   characters), so that no login in the file could ever name a path outside the spool.
 */
export function parseUsersFile(
  text: string,
  isAcceptableName: (user: string) => boolean,
): UsersFileResult {
  const users = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const number = i + 1;
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon === -1) return failure(number, 'expected "user:password"');
    const user = line.slice(0, colon);
    const password = line.slice(colon + 1);
    if (user === '') return failure(number, 'the user name is empty');
    if (!isAcceptableName(user)) {
      return failure(number, `"${printable(user)}" is not a plain user name`);
    }
    if (password === '') return failure(number, `user "${user}" has an empty password`);
    if (users.has(user)) return failure(number, `user "${user}" is listed twice`);
    users.set(user, password);
  }
  return { ok: true, users };
}

function failure(line: number, message: string): UsersFileResult {
  return { ok: false, line, message };
}

/** Control characters shown escaped, so an error message never garbles the terminal. */
function printable(text: string): string {
  return text.replace(
    /[\x00-\x1f\x7f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
