// The maildrop kinds under the contract suite, each with a way to put mail in it the way the
// outside world would (a delivery agent), before or during a session.
import {
  appendToMbox,
  createMaildirStore,
  createMboxStore,
  deliverToMaildir,
  type MaildropStore,
  type MailFs,
} from '../../src';
import { bytes } from './helpers';

export interface MaildropKind {
  readonly name: 'mbox' | 'maildir';
  store(fs: MailFs, root: string): MaildropStore;
  /** Where the user's mail lives (the mbox file or the Maildir). */
  pathOf(root: string, user: string): string;
  /** Delivers as a well-behaved agent (takes the lock; fails while a session holds it). */
  deliver(fs: MailFs, root: string, user: string, messages: readonly string[]): Promise<void>;
  /** Delivers while a session is open, as an agent that does not wait for the lock. */
  deliverDuringSession(fs: MailFs, root: string, user: string, message: string): Promise<void>;
}

const envelope = (n: number) => ({
  sender: 'sender@example.test',
  date: new Date(Date.UTC(2026, 0, 5, 9, 0, n % 60)),
});

let deliveries = 0;

export const mboxKind: MaildropKind = {
  name: 'mbox',
  store: (fs, root) => createMboxStore(fs, { spoolDir: `${root}/spool` }),
  pathOf: (root, user) => `${root}/spool/${user}`,
  async deliver(fs, root, user, messages) {
    await appendToMbox(
      fs,
      `${root}/spool/${user}`,
      messages.map((message, i) => ({ message: bytes(message), envelope: envelope(i) })),
    );
  },
  async deliverDuringSession(fs, root, user, message) {
    await appendToMbox(
      fs,
      `${root}/spool/${user}`,
      [{ message: bytes(message), envelope: envelope(59) }],
      {
        lock: false,
      },
    );
  },
};

export const maildirKind: MaildropKind = {
  name: 'maildir',
  store: (fs, root) =>
    createMaildirStore(fs, { pathFor: (user) => `${root}/home/${user}/Maildir` }),
  pathOf: (root, user) => `${root}/home/${user}/Maildir`,
  async deliver(fs, root, user, messages) {
    for (const message of messages) {
      const n = ++deliveries;
      await deliverToMaildir(fs, `${root}/home/${user}/Maildir`, bytes(message), {
        unique: `${1767600000 + n}.M${n}P42.mx.example.test`,
      });
    }
  },
  async deliverDuringSession(fs, root, user, message) {
    await this.deliver(fs, root, user, [message]);
  },
};

export const maildropKinds: readonly MaildropKind[] = [mboxKind, maildirKind];
