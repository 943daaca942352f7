/**
 * Hides secrets in a command line before it is logged or shown: the PASS argument and an
 * AUTH initial response (which holds the password for PLAIN). "pass epikoi" → "pass ****".
 */
export const MASK = '****';

export function maskSecrets(line: string): string {
  const pass = /^([ \t]*pass)([ \t]+)[\s\S]*$/i.exec(line);
  if (pass) return `${pass[1]}${pass[2]}${MASK}`;
  const auth = /^([ \t]*auth[ \t]+[^ \t]+)([ \t]+)[^ \t][\s\S]*$/i.exec(line);
  if (auth) return `${auth[1]}${auth[2]}${MASK}`;
  return line;
}
