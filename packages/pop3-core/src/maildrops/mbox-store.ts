/**
 * Maildrops kept as mbox files in a spool directory, one file per user (`<spoolDir>/<user>`,
 * like /var/spool/mail/chris).
 *
 * Opening a maildrop locks it for the whole session (RFC 1939 §8): first in this process, then
 * with the dot-lock `<spoolDir>/<user>.lock` that delivery agents and other servers honour.
 * A second login gets IN-USE. The mailbox is indexed once, by streaming it; RETR and TOP
 * read only the message asked for. UPDATE rewrites the file crash-safely (see mbox-rewrite.ts),
 * or not at all when nothing was deleted.
 */
import { errorCode, type MailFileHandle, type MailFs } from '../mail-fs';
import {
  MaildropError,
  type Maildrop,
  type MaildropStore,
  type MessageList,
  type OpenResult,
  type ReadOptions,
} from '../maildrop';
import { WindowedSource } from './byte-sources';
import { acquireDotLock, type DotLock, type DotLockOptions } from './dot-lock';
import { maildropError, unlinkIfPresent } from './fs-errors';
import { DEFAULT_BLOCK_SIZE } from './line-cursor';
import {
  checkBlockSize,
  checkLockOwner,
  lockStaleMs as checkLockStaleMs,
  type LockOptions,
} from './lock-options';
import { indexMbox, type MboxIndex, type MboxRules } from './mbox-index';
import { rewriteMbox } from './mbox-rewrite';
import { MboxSpans } from './mbox-spans';
import type { FromQuoting } from './message-view';
import { tryProcessLock } from './process-locks';
import { IN_USE_HERE, SessionLock, lockedElsewhere } from './session-lock';
import { TOKEN_LENGTH } from './token';
import { isPlainUserName } from './user-name';
import { streamView, viewOfBytes, viewOfBytesNow, type ViewRange } from './view-reader';

/** Header fields that are mbox bookkeeping, not mail; Dovecot hides the same ones. */
export const MBOX_BOOKKEEPING_HEADERS: readonly string[] = [
  'Status',
  'X-Status',
  'X-Keywords',
  'X-UID',
  'X-IMAP',
  'X-IMAPbase',
  'Content-Length',
];

export interface MboxStoreOptions extends LockOptions {
  /** The spool directory: `${spoolDir}/${user}` is the user's mbox. Created when missing. */
  readonly spoolDir: string;
  /**
   * How the writers of these files quoted body lines beginning with "From " (RFC 4155 §2):
   * 'mboxrd' (default: ">From " and ">>From " lose one ">"), 'mboxo' (only ">From "), or
   * 'none' (lines shown as stored, as Dovecot does; also right for mboxcl2).
   */
  readonly fromQuoting?: FromQuoting;
  /** Header fields hidden from clients (default MBOX_BOOKKEEPING_HEADERS). */
  readonly hiddenHeaders?: readonly string[];
  /** Honour Content-Length headers that point at a message boundary (default true). */
  readonly contentLength?: boolean;
  /** Bytes read at a time when indexing, reading and rewriting (default 256 KiB). */
  readonly blockSize?: number;
}

interface MboxContext {
  readonly fs: MailFs;
  readonly spoolDir: string;
  readonly rules: MboxRules;
  readonly lock: DotLockOptions;
  readonly blockSize: number;
}

export function createMboxStore(fs: MailFs, options: MboxStoreOptions): MaildropStore {
  if (typeof options.spoolDir !== 'string' || options.spoolDir === '') {
    throw new RangeError('spoolDir must name a directory');
  }
  const quoting = options.fromQuoting ?? 'mboxrd';
  if (quoting !== 'mboxrd' && quoting !== 'mboxo' && quoting !== 'none') {
    throw new RangeError(`fromQuoting must be mboxrd, mboxo or none, not ${String(quoting)}`);
  }
  const owner = checkLockOwner(options.lockOwner);
  const context: MboxContext = {
    fs,
    spoolDir: options.spoolDir.length > 1 ? options.spoolDir.replace(/\/+$/, '') : options.spoolDir,
    rules: {
      hiddenHeaders: new Set(
        (options.hiddenHeaders ?? MBOX_BOOKKEEPING_HEADERS).map((name) => name.toLowerCase()),
      ),
      fromQuoting: quoting,
      contentLength: options.contentLength ?? true,
    },
    lock: {
      staleMs: checkLockStaleMs(options),
      ...(owner !== undefined && { owner }),
      ...(options.isLockOwnerAlive !== undefined && { isOwnerAlive: options.isLockOwnerAlive }),
    },
    blockSize: checkBlockSize(options.blockSize, DEFAULT_BLOCK_SIZE),
  };
  return { open: (user) => openMbox(context, user) };
}

export function mboxPathFor(spoolDir: string, user: string): string {
  return `${spoolDir === '/' ? '' : spoolDir.replace(/\/+$/, '')}/${user}`;
}

async function openMbox(context: MboxContext, user: string): Promise<OpenResult> {
  if (!isPlainUserName(user)) {
    return { ok: false, code: 'SYS/PERM', reason: 'this name cannot have a maildrop' };
  }
  const { fs, spoolDir } = context;
  const path = mboxPathFor(spoolDir, user);
  const unlock = tryProcessLock(fs, path);
  if (unlock === undefined) {
    return IN_USE_HERE;
  }
  let lock: DotLock | undefined;
  try {
    const attempt = await lockMailbox(context, path);
    if (!attempt.ok) {
      unlock();
      return lockedElsewhere(attempt.holder);
    }
    lock = attempt.lock;
    if (attempt.brokeStale) await removeCrashLeftovers(fs, spoolDir, user);
    const index = await indexFile(context, path);
    return {
      ok: true,
      maildrop: new MboxMaildrop(
        context,
        user,
        path,
        index,
        new SessionLock(lock, unlock, context.lock.staleMs),
      ),
    };
  } catch (error) {
    await lock?.release().catch(() => undefined);
    unlock();
    const failure = maildropError('could not open the maildrop', error);
    return { ok: false, code: failure.code, reason: failure.message };
  }

  async function lockMailbox(ctx: MboxContext, mbox: string) {
    try {
      return await acquireDotLock(ctx.fs, `${mbox}.lock`, ctx.lock);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      await ctx.fs.mkdir(ctx.spoolDir, { recursive: true, mode: 0o755 });
      return await acquireDotLock(ctx.fs, `${mbox}.lock`, ctx.lock);
    }
  }
}

async function indexFile(context: MboxContext, path: string): Promise<MboxIndex> {
  let handle;
  try {
    handle = await context.fs.open(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return { length: 0, preambleEnd: 0, pseudo: undefined, messages: new MboxSpans().seal() };
    }
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new MaildropError('SYS/PERM', 'the mailbox is not a regular file');
    return await indexMbox(handle, stats.size, context.rules, context.blockSize);
  } finally {
    await handle.close();
  }
}

/**
 * A stale lock means a session died: remove what its rewrite may have left (a temporary file)
 * and what breaking a lock may leave (a lock moved aside).
 */
async function removeCrashLeftovers(fs: MailFs, spoolDir: string, user: string): Promise<void> {
  const name = user.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const token = `[0-9a-z]{${TOKEN_LENGTH}}`;
  const leftover = new RegExp(
    `^(?:\\.${name}\\.${token}\\.rewrite|${name}\\.lock\\.${token}\\.stale)$`,
  );
  let names: string[];
  try {
    names = await fs.readdir(spoolDir);
  } catch {
    return;
  }
  for (const entry of names) {
    if (leftover.test(entry)) await unlinkIfPresent(fs, `${mboxPathFor(spoolDir, '')}${entry}`);
  }
}

class MboxMaildrop implements Maildrop {
  readonly kind = 'mbox' as const;
  readonly messages: MessageList;
  readonly #context: MboxContext;
  readonly #user: string;
  readonly #path: string;
  readonly #index: MboxIndex;
  readonly #lock: SessionLock<DotLock>;
  #handle: Promise<MailFileHandle> | undefined;
  #source: WindowedSource | undefined;

  constructor(
    context: MboxContext,
    user: string,
    path: string,
    index: MboxIndex,
    lock: SessionLock<DotLock>,
  ) {
    this.#context = context;
    this.#user = user;
    this.#path = path;
    this.#index = index;
    this.#lock = lock;
    // The index is the message list: sizes and ids from its flat arrays (mbox-spans.ts).
    this.messages = index.messages;
  }

  async *read(index: number, options?: ReadOptions): AsyncGenerator<Uint8Array, void, undefined> {
    const range = this.#range(index, options);
    await this.#lock.keepFresh();
    // One handle for the whole session, opened at the first read, read through a window: RETR
    // after RETR of neighbouring messages costs one read per window, not an open and a read each.
    this.#handle ??= this.#context.fs.open(this.#path, 'r');
    const handle = await this.#handle;
    const source = (this.#source ??= new WindowedSource(
      handle,
      this.#index.length,
      this.#context.blockSize,
    ));
    // A message inside the window is converted where it lies, with nothing copied first.
    const bytes = await source.view(range.start, range.end);
    if (bytes !== undefined) yield* viewOfBytes(bytes, inPlace(range));
    else yield* streamView(source, range);
  }

  /**
   * `read` without a wait: a message that lies in the window the last read left (RETR after
   * RETR of neighbouring messages); undefined otherwise, or when the lock is due a touch.
   */
  readNow(index: number, options?: ReadOptions): readonly Uint8Array[] | undefined {
    const range = this.#range(index, options);
    if (this.#source === undefined || this.#lock.touchDue) return undefined;
    const bytes = this.#source.viewNow(range.start, range.end);
    return bytes === undefined ? undefined : viewOfBytesNow(bytes, inPlace(range));
  }

  /** Message `index` as a range of the file; throws when the session is over or it is not there. */
  #range(index: number, options: ReadOptions | undefined): ViewRange {
    if (this.#lock.released) throw new MaildropError('SYS/TEMP', 'the maildrop is closed');
    const spans = this.#index.messages;
    if (!spans.has(index)) throw new RangeError(`no message ${index} in this maildrop`);
    return {
      start: spans.contentStart(index),
      end: spans.contentEnd(index),
      rules: this.#context.rules,
      bodyLines: options?.bodyLines,
      dotStuffed: options?.dotStuffed,
      blockSize: Math.min(this.#context.blockSize, 64 * 1024),
      expectedSize: spans.size(index),
    };
  }

  async commit(deleted: ReadonlySet<number>): Promise<void> {
    if (this.#lock.released) throw new MaildropError('SYS/TEMP', 'the maildrop is closed');
    try {
      for (const i of deleted) {
        if (!this.#index.messages.has(i)) {
          throw new RangeError(`no message ${i} in this maildrop`);
        }
      }
      if (deleted.size === 0) return;
      await this.#closeHandle();
      const { fs, spoolDir, lock, blockSize } = this.#context;
      await rewriteMbox({
        fs,
        path: this.#path,
        tempPath: mboxPathFor(spoolDir, `.${this.#user}.${this.#lock.dotLock.token}.rewrite`),
        index: this.#index,
        deleted,
        lock: this.#lock.dotLock,
        lockStaleMs: lock.staleMs,
        blockSize,
      });
    } finally {
      await this.release();
    }
  }

  release(): Promise<void> {
    return this.#lock.release(() => this.#closeHandle());
  }

  async #closeHandle(): Promise<void> {
    const pending = this.#handle;
    this.#handle = undefined;
    this.#source = undefined;
    if (pending !== undefined) await (await pending.catch(() => undefined))?.close();
  }
}

/** A range viewed inside the bytes that hold exactly it (a view of the read window). */
function inPlace(range: ViewRange): ViewRange {
  return { ...range, start: 0, end: range.end - range.start };
}
