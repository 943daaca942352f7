export { isPlainUserName } from './user-name';
export {
  createMboxStore,
  mboxPathFor,
  MBOX_BOOKKEEPING_HEADERS,
  type MboxStoreOptions,
} from './mbox-store';
export { createMaildirStore, MAILDIR_LOCK_NAME, type MaildirStoreOptions } from './maildir-store';
export type { Scheduler } from './read-ahead';
export { createRoutedStore } from './routed-store';
export type { LockOptions } from './lock-options';
export { DEFAULT_LOCK_STALE_MS } from './lock-options';
export type { FromQuoting } from './message-view';
export { mboxEntry, appendToMbox, type Envelope, type AppendOptions } from './mbox-writer';
export { asctime, formatFromLine, isFromLine } from './mbox-from-line';
export { deliverToMaildir, makeMaildir, wireSize, type MaildirDelivery } from './maildir-writer';
export { parseMaildirName, maildirUid, type MaildirName } from './maildir-names';
export { indexMbox, type MboxIndex, type MboxSpan, type MboxRules } from './mbox-index';
export { acquireDotLock, DotLock, type DotLockOptions, type DotLockResult } from './dot-lock';
