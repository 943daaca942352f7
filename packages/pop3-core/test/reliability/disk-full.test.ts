/**
 * A full disk (ENOSPC, injected through the MailFs interface) at every step that needs space:
 * the client gets -ERR [SYS/TEMP] (RFC 3206 §4: try again later), nothing is lost, nothing is
 * left behind, and once there is room again the same server process serves the mailbox.
 */
import { describe, expect, test } from 'vitest';
import {
  identify,
  inspect,
  logIn,
  makeMailbox,
  MESSAGE_COUNT,
  range,
  type Format,
} from './support/scenario';

const DELETED = [2, 5];
const OLD = range(1, MESSAGE_COUNT);
const NEW = OLD.filter((n) => !DELETED.includes(n));

/** The disk fills up at the k-th disk-changing operation after `from`; returns the replies. */
async function fullDiskAt(format: Format, k: number, from: 'PASS' | 'QUIT') {
  const mailbox = await makeMailbox(format);
  const client = await logIn(mailbox);
  // A lock file is a few dozen octets: a full disk refuses its write whole, never in part.
  if (from === 'PASS') mailbox.faulty.arm({ at: k, kind: 'enospc', torn: false });
  const pass = await client.command('PASS epikoi');
  const replies = [...pass];
  if (pass[0]?.startsWith('+OK')) {
    for (const n of DELETED) await client.command(`DELE ${n}`);
    if (from === 'QUIT') mailbox.faulty.arm({ at: k, kind: 'enospc' });
    replies.push(...(await client.command('QUIT')));
  }
  await client.hangUp();
  const reached = mailbox.faulty.operations >= k;
  mailbox.faulty.disarm();
  // The same process (same file system object, so its in-process locks count) gets back in.
  const again = await mailbox.store(mailbox.faulty, true).open('chris');
  expect(again.ok, 'the maildrop is still locked after the failure').toBe(true);
  if (again.ok) await again.maildrop.release();
  const after = await inspect(mailbox);
  if ('refused' in after) throw new Error(after.refused);
  const names = await mailbox.raw.readdir(mailbox.dir);
  return { replies, reached, ids: identify(after.messages), names };
}

describe.each<Format>(['mbox', 'maildir'])('%s on a full disk', (format) => {
  test('during UPDATE: -ERR [SYS/TEMP] and every message kept, at each step that needs space', async () => {
    let failures = 0;
    for (let k = 1; k <= 100; k++) {
      const { replies, reached, ids, names } = await fullDiskAt(format, k, 'QUIT');
      const quit = replies.at(-1)!;
      if (!reached) {
        // The disk filled up after UPDATE was done: it succeeded.
        expect(quit).toMatch(/^\+OK/);
        expect(ids).toEqual(NEW);
        break;
      }
      if (quit.startsWith('+OK')) {
        expect(ids, `full at ${k}`).toEqual(NEW);
      } else {
        failures++;
        expect(quit, `full at ${k}`).toMatch(/^-ERR \[SYS\/TEMP\] /);
        expect(ids, `full at ${k}`).toEqual(OLD);
      }
      if (format === 'mbox')
        expect(names, `no temporary file left (full at ${k})`).toEqual(['chris']);
    }
    // An mbox rewrite writes a new file: a full disk stops it. Maildir only unlinks.
    if (format === 'mbox') expect(failures).toBeGreaterThan(0);
  });

  test('at login: -ERR [SYS/TEMP], nothing changed, and the next login works', async () => {
    let refused = 0;
    for (let k = 1; k <= 100; k++) {
      const { replies, reached, ids } = await fullDiskAt(format, k, 'PASS');
      if (!reached) break;
      if (!replies[0]!.startsWith('+OK')) {
        refused++;
        expect(replies, `full at ${k}`).toEqual([expect.stringMatching(/^-ERR \[SYS\/TEMP\] /)]);
        expect(ids).toEqual(OLD);
      }
    }
    // Taking the lock writes a file: a full disk refuses the login rather than risk the mail.
    expect(refused).toBeGreaterThan(0);
  });
});
