/** The shared sample mailboxes on a fresh memfs volume each time, as the page seeds them. */
import { Volume } from 'memfs';
import type { MailFs } from '@pop3-lab/core';
import { createSampleStore, sampleLogins, seedSamples } from '@pop3-lab/samples';
import type { RehearsalMail } from './rehearsal';

export function samplesMail(): RehearsalMail {
  return {
    async fresh() {
      const fs = new Volume().promises as unknown as MailFs;
      await seedSamples(fs);
      await fs.mkdir('/home/student', { recursive: true });
      await fs.mkdir('/tmp', { recursive: true });
      return fs;
    },
    store: (fs) => createSampleStore(fs),
    logins: () => sampleLogins(),
  };
}
