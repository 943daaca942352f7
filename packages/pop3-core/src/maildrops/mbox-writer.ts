/**
 * Writing mail into an mbox the way a delivery agent does (RFC 4155 Appendix A): a "From "
 * line, the message with body lines that could be mistaken for a separator quoted, a final
 * line end, and an empty line to separate it from the next message.
 */
import { utf8Encode } from '@pop3-lab/protocol';
import type { MailFs } from '../mail-fs';
import { MaildropError } from '../maildrop';
import { acquireDotLock } from './dot-lock';
import { DEFAULT_LOCK_STALE_MS } from './lock-options';
import { formatFromLine } from './mbox-from-line';
import { startsWithFrom, type FromQuoting } from './message-view';
import { maildropError, parentDirectory } from './fs-errors';

export interface Envelope {
  /** Envelope sender (MAIL FROM); empty for bounces. */
  readonly sender: string;
  /** When the message was delivered: the timestamp of the "From " line. */
  readonly date: Date;
}

const LF = 0x0a;
const GT = 0x3e;

/**
 * One mbox entry for `message`. Quoting: 'mboxrd' adds a ">" to every line matching
 * /^>*From / (reversible), 'mboxo' only to lines starting "From ", 'none' to nothing.
 */
export function mboxEntry(
  message: Uint8Array,
  envelope: Envelope,
  quoting: FromQuoting = 'mboxrd',
): Uint8Array {
  const head = utf8Encode(`${formatFromLine(envelope.sender, envelope.date)}\n`);
  const quoted: number[] = []; // offsets of lines that get a ">"
  if (quoting !== 'none') {
    for (let at = 0; at < message.length;) {
      let i = at;
      if (quoting === 'mboxrd') while (i < message.length && message[i] === GT) i++;
      if (startsWithFrom(message, i, message.length)) quoted.push(at);
      const lf = message.indexOf(LF, at);
      at = lf < 0 ? message.length : lf + 1;
    }
  }
  const endsLine = message.length === 0 || message[message.length - 1] === LF;
  const out = new Uint8Array(head.length + message.length + quoted.length + (endsLine ? 0 : 1) + 1);
  out.set(head);
  let o = head.length;
  let from = 0;
  for (const at of quoted) {
    out.set(message.subarray(from, at), o);
    o += at - from;
    out[o++] = GT;
    from = at;
  }
  out.set(message.subarray(from), o);
  o += message.length - from;
  if (!endsLine) out[o++] = LF;
  out[o] = LF;
  return out;
}

export interface AppendOptions {
  readonly quoting?: FromQuoting;
  /**
   * Take the dot-lock `<path>.lock` while appending (default true), as delivery agents do.
   * A session holds that lock for as long as it is open, so appending then fails with
   * IN-USE; pass false to append regardless (the session keeps such mail when it rewrites).
   */
  readonly lock?: boolean;
  readonly lockStaleMs?: number;
  readonly lockOwner?: string;
}

/**
 * Appends messages to an mbox, creating it (and its directory) if needed. An mbox that does
 * not end with an empty line gets one first, so the new "From " line is a separator.
 */
export async function appendToMbox(
  fs: MailFs,
  path: string,
  entries: readonly { readonly message: Uint8Array; readonly envelope: Envelope }[],
  options: AppendOptions = {},
): Promise<void> {
  await fs.mkdir(parentDirectory(path), { recursive: true });
  let release = async () => {};
  if (options.lock ?? true) {
    const attempt = await acquireDotLock(fs, `${path}.lock`, {
      staleMs: options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS,
      ...(options.lockOwner !== undefined && { owner: options.lockOwner }),
    });
    if (!attempt.ok) throw new MaildropError('IN-USE', `${path} is locked`);
    release = () => attempt.lock.release();
  }
  try {
    const handle = await fs.open(path, 'a+', 0o600);
    try {
      const size = (await handle.stat()).size;
      let lead = new Uint8Array(0);
      if (size > 0) {
        const end = new Uint8Array(Math.min(2, size));
        await handle.read(end, 0, end.length, size - end.length);
        const lastTwoLf = end.length === 2 && end[0] === LF && end[1] === LF;
        if (!lastTwoLf)
          lead = end[end.length - 1] === LF ? Uint8Array.of(LF) : Uint8Array.of(LF, LF);
      }
      const parts = [
        lead,
        ...entries.map((e) => mboxEntry(e.message, e.envelope, options.quoting)),
      ];
      for (const part of parts) {
        let done = 0;
        while (done < part.length) {
          done += (await handle.write(part, done, part.length - done, null)).bytesWritten;
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw maildropError(`could not append to ${path}`, error);
  } finally {
    await release();
  }
}
