/**
 * Maildir file names: "<unique>:2,<flags>" in cur/, "<unique>" in new/. The unique part may
 * carry size hints after commas, as Dovecot and others write them: ",S=<bytes on disk>" and
 * ",W=<bytes with CRLF line ends>" (the RFC 1939 size).
 */
import { hashedUid, isValidUid } from './unique-ids';

export interface MaildirName {
  /** The file name. */
  readonly name: string;
  /** Everything before ':' (the name without its flags). */
  readonly base: string;
  /** ",S=" hint: the file's length, if given. */
  readonly storedSize: number | undefined;
  /** ",W=" hint: the length with CRLF line ends, if given. */
  readonly wireSize: number | undefined;
}

export function parseMaildirName(name: string): MaildirName {
  const colon = name.indexOf(':');
  const base = colon < 0 ? name : name.slice(0, colon);
  let storedSize: number | undefined;
  let wireSize: number | undefined;
  for (const field of base.split(',').slice(1)) {
    const hint = /^([SW])=(\d{1,15})$/.exec(field);
    if (hint === null) continue;
    if (hint[1] === 'S') storedSize = Number(hint[2]);
    else wireSize = Number(hint[2]);
  }
  return { name, base, storedSize, wireSize };
}

/**
 * The unique-id listing of a Maildir message: its base name without the size hints (a tool
 * may add or drop them). A base that is not a valid id (too long, 8-bit) is hashed.
 */
export function maildirUid(base: string): string {
  const unique = base
    .split(',')
    .filter((field, i) => i === 0 || !/^[SW]=\d+$/.test(field))
    .join(',');
  return isValidUid(unique) ? unique : hashedUid(unique);
}

/**
 * Delivery order: names begin with the delivery time in seconds, then a part that is unique
 * within that second. Runs of digits compare as numbers, so "M9" comes before "M10".
 */
export function compareMaildirNames(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const digits = /^\d/.test(x) && /^\d/.test(y);
    if (digits) {
      const xs = x.replace(/^0+(?=\d)/, '');
      const ys = y.replace(/^0+(?=\d)/, '');
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (pa.length !== pb.length) return pa.length - pb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
