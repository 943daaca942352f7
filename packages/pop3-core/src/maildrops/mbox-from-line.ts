/**
 * The "From " separator line of an mbox (RFC 4155 Appendix A): "From ", the envelope sender, a
 * space, a timestamp in the asctime form of UNIX ("Mon Mar  2 07:58:10 2026").
 *
 * Recognising one: a line starting "From " is a separator only if it also carries something
 * like a time and a year. Writers that never quote (mboxcl2) or quote only some lines (mboxo)
 * leave body lines such as "From here on, ..." in the file; those must not split a message.
 */
import { latin1Decode } from '@pop3-lab/protocol';
import { DECISION_BYTES } from './line-cursor';
import { startsWithFrom } from './message-view';

const TIME = /\b\d{1,2}:\d{2}\b/;
const YEAR = /\b\d{4}\b/;

export function isFromLine(buf: Uint8Array, start: number, end: number): boolean {
  if (!startsWithFrom(buf, start, end)) return false;
  const text = latin1Decode(buf.subarray(start + 5, Math.min(end, start + DECISION_BYTES)));
  return TIME.test(text) && YEAR.test(text);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** asctime(3) of a UTC time: "Www Mmm dd hh:mm:ss yyyy", the day padded with a space. */
export function asctime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ` +
    `${String(date.getUTCDate()).padStart(2, ' ')} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ` +
    `${date.getUTCFullYear()}`
  );
}

/** "From <sender> <asctime>" without the line end. An empty sender is written MAILER-DAEMON. */
export function formatFromLine(sender: string, date: Date): string {
  const envelope = sender.replace(/[\s\x00-\x1f\x7f]/g, '') || 'MAILER-DAEMON';
  return `From ${envelope} ${asctime(date)}`;
}
