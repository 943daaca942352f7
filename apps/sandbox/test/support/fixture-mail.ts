/**
 * A small mail set for lab tests, independent of the samples package: an mbox for "ada" that
 * starts with the UW-IMAP pseudo-message (hidden by the server, visible with cat), and an
 * empty mailbox for "bob".
 */
import { createMboxStore, type MailFs } from '@pop3-lab/core';
import type { LabMail } from '../../src/lab/lab';

export const ADA_MBOX = [
  'From MAILER-DAEMON Mon Mar  2 09:00:00 2009',
  'Date: Mon, 02 Mar 2009 09:00:00 +0100',
  'From: Mail System Internal Data <MAILER-DAEMON@lab>',
  "Subject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA",
  'X-IMAP: 1235980800 0000000003',
  '',
  'Folder bookkeeping, not a real message.',
  '',
  'From clerk@example.test Mon Mar  2 10:00:00 2009',
  'From: Town Clerk <clerk@example.test>',
  'To: ada@example.test',
  'Subject: =?UTF-8?Q?R=C3=A9union?= on Monday',
  'Date: Mon, 02 Mar 2009 10:00:00 +0100',
  '',
  'The meeting is at nine.',
  'Bring the minutes.',
  '',
  'From babbage@example.test Mon Mar  2 11:00:00 2009',
  'From: babbage@example.test',
  'To: ada@example.test',
  'Subject: Engine notes',
  'Date: Mon, 02 Mar 2009 11:00:00 +0100',
  '',
  'Notes attached in spirit.',
  '.A line that starts with a dot.',
  '',
].join('\n');

export const fixtureMail: LabMail = {
  async seed(fs: MailFs) {
    await fs.mkdir('/var/spool/mail', { recursive: true });
    await fs.writeFile('/var/spool/mail/ada', new TextEncoder().encode(ADA_MBOX));
    await fs.writeFile('/var/spool/mail/bob', new Uint8Array(0));
  },
  store: (fs: MailFs) => createMboxStore(fs, { spoolDir: '/var/spool/mail' }),
  logins: () => ({ ada: 'lovelace', bob: 'builder' }),
};
