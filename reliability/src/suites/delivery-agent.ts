/**
 * A delivery agent in its own process, run by the concurrency suite:
 *   node --import tsx delivery-agent.ts mbox|maildir DIR USER FIRST COUNT lock|nolock
 * Delivers messages FIRST … FIRST+COUNT-1 of messageText(USER, n) as fast as it can. With
 * `lock` it honours the mbox dot-lock as Postfix's local(8) and procmail do — when a session
 * holds it, it waits a moment and tries again; with `nolock` it appends regardless. Prints
 * one JSON line with what it did.
 */
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import {
  appendToMbox,
  deliverToMaildir,
  MaildropError,
  type MailFs,
} from '../../../packages/pop3-core/src';
import { messageText } from '../mail-setup';

const [format, dir, user, firstArg, countArg, lockMode] = process.argv.slice(2);
if (dir === undefined || user === undefined)
  throw new Error('usage: delivery-agent.ts FORMAT DIR USER FIRST COUNT lock|nolock');
const first = Number(firstArg);
const total = Number(countArg);
const mailFs = fs as unknown as MailFs;
let waits = 0;
const started = Date.now();
for (let n = first; n < first + total; n++) {
  const message = new TextEncoder().encode(messageText(user, n));
  if (format === 'maildir') {
    await deliverToMaildir(mailFs, join(dir, user), message, {
      unique: `${1_772_000_000 + n}.M${n}P${process.pid}.agent`,
    });
    continue;
  }
  for (;;) {
    try {
      await appendToMbox(
        mailFs,
        join(dir, user),
        [{ message, envelope: { sender: 'agent@reliability.example', date: new Date() } }],
        {
          lock: lockMode === 'lock',
          lockOwner: `agent.${process.pid}`,
        },
      );
      break;
    } catch (error) {
      if (!(error instanceof MaildropError && error.code === 'IN-USE')) throw error;
      waits++;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}
process.stdout.write(`${JSON.stringify({ delivered: total, waits, ms: Date.now() - started })}\n`);
