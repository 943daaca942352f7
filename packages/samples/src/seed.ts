/**
 * Puts every sample mailbox at its classic path on a file system (a memfs volume in the
 * sandbox and the server's `--mail samples`, a real directory in tests), and opens them.
 */
import {
  createMaildirStore,
  createMboxStore,
  createRoutedStore,
  deliverToMaildir,
  type MaildropStore,
  type MailFs,
} from '@pop3-lab/core';
import { aliceMaildir } from './mailboxes/alice';
import { chrisMbox } from './mailboxes/chris';
import { edgeMbox } from './mailboxes/edge';
import { floodedMbox } from './mailboxes/flooded';
import { utf8 } from './utf8';
import { SAMPLE_SPOOL_DIR, sampleMaildirPath, sampleUsers } from './users';

/** The bytes of each sample mbox, by user. */
export function sampleMboxes(): Map<string, Uint8Array> {
  return new Map([
    ['chris', utf8(chrisMbox)],
    ['flooded', utf8(floodedMbox())],
    ['edge', utf8(edgeMbox)],
    ['empty', new Uint8Array(0)],
  ]);
}

export interface SampleLayout {
  /**
   * A directory to put the classic tree under (default: none, so /var/spool/mail/chris is at
   * /var/spool/mail/chris). A real disk needs one: `${root}/var/spool/mail/chris`.
   */
  readonly root?: string;
}

function under(layout: SampleLayout | undefined, path: string): string {
  const root = (layout?.root ?? '').replace(/\/+$/, '');
  return `${root}${path}`;
}

/**
 * Writes every sample at its classic path, creating directories as needed: mbox files in
 * /var/spool/mail (mode 600, as a spool keeps them), alice's Maildir under /home/alice. Meant
 * for a fresh file system; existing sample files are replaced.
 */
export async function seedSamples(fs: MailFs, layout?: SampleLayout): Promise<void> {
  await fs.mkdir(under(layout, SAMPLE_SPOOL_DIR), { recursive: true, mode: 0o755 });
  const mboxes = sampleMboxes();
  for (const user of sampleUsers) {
    if (user.format === 'mbox') {
      const content = mboxes.get(user.user);
      if (content === undefined) throw new Error(`no sample mbox for ${user.user}`);
      await fs.writeFile(under(layout, user.path), content, { mode: 0o600 });
    }
  }
  const alice = under(layout, sampleMaildirPath('alice'));
  for (const message of aliceMaildir) {
    await deliverToMaildir(fs, alice, utf8(message.text), {
      unique: message.unique,
      folder: message.folder,
      flags: message.flags,
    });
  }
}

/**
 * A store for the samples: each sample user to the mbox spool or to their Maildir; any other
 * user to the spool too (an empty maildrop until mail arrives).
 */
export function createSampleStore(fs: MailFs, layout?: SampleLayout): MaildropStore {
  const spool = createMboxStore(fs, { spoolDir: under(layout, SAMPLE_SPOOL_DIR) });
  const maildirs = createMaildirStore(fs, {
    pathFor: (user) => under(layout, sampleMaildirPath(user)),
  });
  const formats = new Map(sampleUsers.map((u) => [u.user, u.format]));
  return createRoutedStore((user) => (formats.get(user) === 'maildir' ? maildirs : spool));
}
