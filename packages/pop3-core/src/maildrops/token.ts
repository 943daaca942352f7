/**
 * A short random name part: it tells our lock files and rewrite files apart from anyone else's.
 * Not a secret, so Math.random is enough (and it exists everywhere the core runs).
 */
export const TOKEN_LENGTH = 12;

export function randomToken(): string {
  let token = '';
  while (token.length < TOKEN_LENGTH) {
    token += Math.floor(Math.random() * 36 ** 6)
      .toString(36)
      .padStart(6, '0');
  }
  return token.slice(0, TOKEN_LENGTH);
}
