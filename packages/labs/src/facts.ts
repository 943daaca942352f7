/**
 * What the page (or a test) tells the checker: connections opening and closing, the engine's
 * events on each, the command lines run at the shell, and what the mailboxes hold. The checker
 * sees nothing else, so the in-page lab, a test over the engine and a replayed transcript can
 * all drive it the same way.
 */
import type { Pop3Event } from '@pop3-lab/core';

/** One stored message, as a new session would see it. */
export interface MailboxMessageFact {
  /** The Subject header, MIME-decoded. */
  readonly subject: string;
}

export type LabFact =
  /** `tls`: TLS from the first byte (port 995), as opposed to plain text or STLS later. */
  | {
      readonly kind: 'connection-opened';
      readonly connection: number;
      readonly port: number;
      readonly tls: boolean;
    }
  | { readonly kind: 'engine'; readonly connection: number; readonly event: Pop3Event }
  | { readonly kind: 'connection-closed'; readonly connection: number }
  /** A command line run at a shell: each simple command's words, after quoting and expansion. */
  | {
      readonly kind: 'shell';
      readonly terminal: number;
      readonly commands: readonly (readonly string[])[];
    }
  /** What `user`'s mailbox holds now (send it at the start and whenever a session ends). */
  | {
      readonly kind: 'mailbox';
      readonly user: string;
      readonly messages: readonly MailboxMessageFact[];
    };
