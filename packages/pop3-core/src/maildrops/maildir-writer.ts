/**
 * Delivering into a Maildir the way the format requires: write the file under tmp/, flush it,
 * then rename it into new/ (or cur/), so that a reader never sees half a message.
 */
import type { MailFs } from '../mail-fs';
import { maildropError, unlinkIfPresent } from './fs-errors';
import { randomToken } from './token';

export interface MaildirDelivery {
  /** new/ (default: unseen mail) or cur/ (already seen, with `flags`). */
  readonly folder?: 'new' | 'cur';
  /** Maildir flags for cur/, e.g. "S" (seen), "RS" (replied, seen). */
  readonly flags?: string;
  /** The unique part of the file name; by default "<seconds>.M<micros>R<random>.<host>". */
  readonly unique?: string;
  readonly host?: string;
  readonly date?: Date;
}

/** The number of octets of `message` once every bare LF is CRLF: the ",W=" hint. */
export function wireSize(message: Uint8Array): number {
  let size = message.length;
  for (let i = 0; i < message.length; i++) {
    if (message[i] === 0x0a && (i === 0 || message[i - 1] !== 0x0d)) size++;
  }
  return size;
}

/** Creates `<root>/{tmp,new,cur}` as needed. */
export async function makeMaildir(fs: MailFs, root: string): Promise<void> {
  for (const sub of ['tmp', 'new', 'cur']) {
    await fs.mkdir(`${root}/${sub}`, { recursive: true, mode: 0o700 });
  }
}

/** Delivers one message; returns its file name (in new/ or cur/). */
export async function deliverToMaildir(
  fs: MailFs,
  root: string,
  message: Uint8Array,
  delivery: MaildirDelivery = {},
): Promise<string> {
  const date = delivery.date ?? new Date();
  const host = (delivery.host ?? 'localhost').replace(/[/:,\s]/g, '_');
  const unique =
    delivery.unique ??
    `${Math.floor(date.getTime() / 1000)}.M${(date.getTime() % 1000) * 1000}R${randomToken()}.${host}`;
  if (/[/:\s]/.test(unique) || unique.startsWith('.') || unique === '') {
    throw new RangeError(`not a Maildir unique name: ${unique}`);
  }
  const base = `${unique},S=${message.length},W=${wireSize(message)}`;
  const folder = delivery.folder ?? 'new';
  const name = folder === 'cur' ? `${base}:2,${delivery.flags ?? ''}` : base;
  const temp = `${root}/tmp/${base}`;
  try {
    await makeMaildir(fs, root);
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      let done = 0;
      while (done < message.length) {
        done += (await handle.write(message, done, message.length - done, null)).bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, `${root}/${folder}/${name}`);
    return name;
  } catch (error) {
    await unlinkIfPresent(fs, temp).catch(() => undefined);
    throw maildropError(`could not deliver into ${root}`, error);
  }
}
