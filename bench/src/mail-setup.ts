/**
 * The users and mail both servers get, laid out by the shared ref/setup-mail.py: chris, alice,
 * scratch, empty, big (the bulk mailbox) and load1..N, each server in its own directory so that
 * neither sees the other's index, locks or rewrites.
 */
import type { BigMailbox } from './fixtures';
import type { MailFormat } from './plan';

export interface MailSetup {
  readonly format: MailFormat;
  /** Users load1..loadN (password load-pw), one small mailbox each. */
  readonly loadUsers: number;
  /** User big (password big-pw); an empty mailbox when absent. */
  readonly big: BigMailbox | undefined;
}

/** /usr/sbin holds dovecot; a non-root PATH often lacks it. */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const path = process.env.PATH ?? '/usr/bin:/bin';
  return { ...process.env, PATH: `${path}:/usr/sbin:/sbin`, ...extra };
}

export function setupEnv(setup: MailSetup): NodeJS.ProcessEnv {
  const env: Record<string, string> = {
    MAIL_FORMAT: setup.format,
    LOAD_USERS: String(setup.loadUsers),
  };
  if (setup.big !== undefined) {
    env.BIG_MBOX = setup.big.mbox;
    if (setup.big.maildir !== undefined) env.BIG_MAILDIR = setup.big.maildir;
  }
  return toolEnv(env);
}
