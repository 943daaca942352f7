/**
 * One store in front of several: each user's maildrop may live in a different place or format
 * (chris in the mbox spool, alice in her Maildir).
 */
import type { MaildropStore, OpenResult } from '../maildrop';
import { isPlainUserName } from './user-name';

export function createRoutedStore(
  route: (user: string) => MaildropStore | undefined,
): MaildropStore {
  return {
    open(user: string): Promise<OpenResult> {
      if (!isPlainUserName(user)) {
        return Promise.resolve({
          ok: false,
          code: 'SYS/PERM',
          reason: 'this name cannot have a maildrop',
        });
      }
      const store = route(user);
      if (store === undefined) {
        return Promise.resolve({
          ok: false,
          code: 'SYS/PERM',
          reason: 'no maildrop is configured for this user',
        });
      }
      return store.open(user);
    },
  };
}
