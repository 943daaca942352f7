/**
 * Maildrops kept as Maildirs: `new/` (delivered, not yet seen by a mail reader), `cur/` (seen),
 * `tmp/` (deliveries being written, never read here). Each message is one file, so UPDATE is
 * one unlink per deleted message and mail delivered during a session is never at risk.
 *
 * On open, messages in `new/` are moved to `cur/` (adding the ":2," flags part), as mail
 * readers do when they first list a mailbox; the session then lists `cur/` in delivery order.
 * Mail arriving in `new/` after that waits for the next session. Dot-files, directories and
 * `tmp/` are ignored.
 *
 * Sizes: a ",W=" hint in the name is used when the ",S=" hint beside it matches the file's
 * real length; otherwise the file is read once and measured. Unique ids come from the base
 * name (see maildirUid). The session lock is in-process plus a dot-lock `<maildir>/.pop3.lock`
 * that another server process on the same Maildir would see. An UPDATE deleting several
 * messages is logged first, so that a crash half-way is finished by the next session.
 */
import { wireLines } from '@pop3-lab/protocol';
import { errorCode, type MailFileHandle, type MailFs } from '../mail-fs';
import {
  MaildropError,
  messageList,
  type Maildrop,
  type MaildropStore,
  type MessageList,
  type OpenResult,
  type ReadOptions,
} from '../maildrop';
import { acquireDotLock, type DotLock, type DotLockOptions } from './dot-lock';
import { maildropError } from './fs-errors';
import { DEFAULT_BLOCK_SIZE } from './line-cursor';
import { checkBlockSize, checkLockOwner, lockStaleMs, type LockOptions } from './lock-options';
import { compareMaildirNames, maildirUid, parseMaildirName } from './maildir-names';
import { clearUpdateLog, finishLoggedUpdate, logUpdate } from './maildir-update-log';
import { PLAIN_VIEW } from './message-view';
import { tryProcessLock } from './process-locks';
import { ReadAhead, type Scheduler } from './read-ahead';
import { IN_USE_HERE, SessionLock, lockedElsewhere } from './session-lock';
import { UidAllocator } from './unique-ids';
import { isPlainUserName } from './user-name';
import {
  measureView,
  streamView,
  viewOfBytes,
  viewOfBytesNow,
  type ViewRange,
} from './view-reader';

export interface MaildirStoreOptions extends LockOptions {
  /** The Maildir of a user (already checked with isPlainUserName), e.g. `/home/${user}/Maildir`. */
  readonly pathFor: (user: string) => string;
  /** Bytes read at a time when measuring and reading messages (default 256 KiB). */
  readonly blockSize?: number;
  /**
   * Where given, a client that RETRs its messages in order finds each at hand: after a
   * message read whole, the next is read by a task run through this (see read-ahead.ts).
   */
  readonly readAhead?: Scheduler;
}

export const MAILDIR_LOCK_NAME = '.pop3.lock';
const STAT_CONCURRENCY = 16;
/** Message files up to this size are read whole with one readFile (see MaildirMaildrop.read). */
const WHOLE_READ_LIMIT = 128 * 1024;

interface MaildirContext {
  readonly fs: MailFs;
  readonly pathFor: (user: string) => string;
  readonly lock: DotLockOptions;
  readonly blockSize: number;
  readonly readAhead: Scheduler | undefined;
}

interface Entry {
  folder: 'cur' | 'new';
  name: string;
  readonly base: string;
  /** What the client receives (CRLF). */
  readonly size: number;
  /** The file's length (Maildir files never change once delivered). */
  readonly fileSize: number;
}

export function createMaildirStore(fs: MailFs, options: MaildirStoreOptions): MaildropStore {
  if (typeof options.pathFor !== 'function') throw new TypeError('pathFor must be a function');
  const owner = checkLockOwner(options.lockOwner);
  const context: MaildirContext = {
    fs,
    pathFor: options.pathFor,
    lock: {
      staleMs: lockStaleMs(options),
      ...(owner !== undefined && { owner }),
      ...(options.isLockOwnerAlive !== undefined && { isOwnerAlive: options.isLockOwnerAlive }),
    },
    blockSize: checkBlockSize(options.blockSize, DEFAULT_BLOCK_SIZE),
    readAhead: options.readAhead,
  };
  return { open: (user) => openMaildir(context, user) };
}

async function openMaildir(context: MaildirContext, user: string): Promise<OpenResult> {
  if (!isPlainUserName(user)) {
    return { ok: false, code: 'SYS/PERM', reason: 'this name cannot have a maildrop' };
  }
  const { fs } = context;
  const root = trimSlashes(context.pathFor(user));
  const unlock = tryProcessLock(fs, root);
  if (unlock === undefined) {
    return IN_USE_HERE;
  }
  let lock: DotLock | undefined;
  try {
    if (!(await isDirectory(fs, root))) {
      return {
        ok: true,
        maildrop: new MaildirMaildrop(
          context,
          root,
          [],
          new SessionLock(undefined, unlock, context.lock.staleMs),
        ),
      };
    }
    const attempt = await acquireDotLock(fs, `${root}/${MAILDIR_LOCK_NAME}`, context.lock);
    if (!attempt.ok) {
      unlock();
      return lockedElsewhere(attempt.holder);
    }
    lock = attempt.lock;
    await finishLoggedUpdate(fs, root);
    const entries = await scanMaildir(context, root);
    return {
      ok: true,
      maildrop: new MaildirMaildrop(
        context,
        root,
        entries,
        new SessionLock(lock, unlock, context.lock.staleMs),
      ),
    };
  } catch (error) {
    await lock?.release().catch(() => undefined);
    unlock();
    const failure = maildropError('could not open the maildrop', error);
    return { ok: false, code: failure.code, reason: failure.message };
  }
}

async function scanMaildir(context: MaildirContext, root: string): Promise<Entry[]> {
  const { fs } = context;
  const cur = await listMessages(fs, `${root}/cur`);
  const arrived = await listMessages(fs, `${root}/new`);
  const found: { folder: 'cur' | 'new'; name: string }[] = cur.map((name) => ({
    folder: 'cur',
    name,
  }));
  if (arrived.length > 0) await fs.mkdir(`${root}/cur`, { recursive: true, mode: 0o700 });
  const taken = new Set(cur);
  for (const name of arrived) {
    const seen = name.includes(':') ? name : `${name}:2,`;
    if (taken.has(seen)) {
      // A rename would replace that file: leave this one where it is.
      found.push({ folder: 'new', name });
      continue;
    }
    try {
      await fs.rename(`${root}/new/${name}`, `${root}/cur/${seen}`);
      taken.add(seen);
      found.push({ folder: 'cur', name: seen });
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue; // another reader moved or removed it
      found.push({ folder: 'new', name });
    }
  }
  const measured = await mapLimit(found, STAT_CONCURRENCY, (item) =>
    measureEntry(context, root, item),
  );
  const entries = measured.filter((entry): entry is Entry => entry !== undefined);
  entries.sort(
    (a, b) => compareMaildirNames(a.base, b.base) || compareMaildirNames(a.name, b.name),
  );
  return entries;
}

async function measureEntry(
  context: MaildirContext,
  root: string,
  item: { folder: 'cur' | 'new'; name: string },
): Promise<Entry | undefined> {
  const path = `${root}/${item.folder}/${item.name}`;
  const parsed = parseMaildirName(item.name);
  let stats;
  try {
    stats = await context.fs.stat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  if (!stats.isFile()) return undefined;
  const { storedSize, wireSize } = parsed;
  let size: number;
  if (
    storedSize === stats.size &&
    wireSize !== undefined &&
    wireSize >= storedSize &&
    wireSize <= 2 * storedSize
  ) {
    size = wireSize;
  } else {
    const handle = await context.fs.open(path, 'r');
    try {
      size = await measureView(handle, {
        start: 0,
        end: stats.size,
        rules: PLAIN_VIEW,
        blockSize: context.blockSize,
      });
    } finally {
      await handle.close();
    }
  }
  return { folder: item.folder, name: item.name, base: parsed.base, size, fileSize: stats.size };
}

class MaildirMaildrop implements Maildrop {
  readonly kind = 'maildir' as const;
  readonly messages: MessageList;
  readonly #context: MaildirContext;
  readonly #root: string;
  readonly #entries: readonly Entry[];
  readonly #lock: SessionLock;
  readonly #ahead: ReadAhead | undefined;

  constructor(context: MaildirContext, root: string, entries: readonly Entry[], lock: SessionLock) {
    this.#context = context;
    this.#root = root;
    this.#entries = entries;
    this.#lock = lock;
    const schedule = context.readAhead;
    this.#ahead =
      schedule === undefined
        ? undefined
        : new ReadAhead(
            schedule,
            (index, options) => {
              // A task run later: the session may be over, the message gone.
              const entry = this.#lock.released ? undefined : this.#entries[index];
              return entry === undefined ? undefined : this.#readWhole(entry, options);
            },
            entries.length,
          );
    const uids = new UidAllocator();
    this.messages = messageList(
      Object.freeze(
        entries.map((entry) =>
          Object.freeze({ size: entry.size, uid: uids.take(maildirUid(entry.base)) }),
        ),
      ),
    );
  }

  async *read(index: number, options?: ReadOptions): AsyncGenerator<Uint8Array, void, undefined> {
    const entry = this.#entry(index);
    await this.#lock.keepFresh();
    if (entry.fileSize <= WHOLE_READ_LIMIT) {
      if (this.#readsWhole(entry)) {
        // Not where it was listed: found again (renamed by another client), then read.
        const chunks =
          this.#readWhole(entry, options) ??
          ((await this.#relocate(entry)) ? this.#readWhole(entry, options) : undefined);
        if (chunks === undefined) throw gone();
        yield* chunks;
        return;
      }
      // One call for the whole file instead of an open, a read and a close: with node:fs each
      // of those is a round trip through the thread pool, and they cost more than the message.
      yield* viewOfBytes(await this.#readEntry(entry), this.#viewRange(entry, options));
      return;
    }
    const handle = await this.#openEntry(entry);
    try {
      yield* streamView(handle, this.#viewRange(entry, options));
    } finally {
      await handle.close();
    }
  }

  /**
   * `read` without a wait, for a file read whole by a blocking call (see read): undefined
   * when the file is large, no longer where it was listed, or the lock is due a touch.
   */
  readNow(index: number, options?: ReadOptions): readonly Uint8Array[] | undefined {
    const entry = this.#entry(index);
    if (this.#lock.touchDue) {
      this.#ahead?.clear();
      return undefined;
    }
    const chunks = this.#ahead?.take(index, options) ?? this.#readWhole(entry, options);
    if (chunks !== undefined) this.#ahead?.follow(index, options);
    return chunks;
  }

  /** The file can be read by a blocking call straight into the line converter's memory. */
  #readsWhole(entry: Entry): boolean {
    return (
      entry.fileSize <= WHOLE_READ_LIMIT &&
      this.#context.fs.readInto !== undefined &&
      wireLines() !== undefined
    );
  }

  /**
   * The view of a file #readsWhole, read into the converter's memory (no buffer of its own,
   * no copy) and converted at once: the converter is shared, so nothing may come between.
   * Undefined when the file is not where it was listed, or cannot be read so.
   */
  #readWhole(entry: Entry, options: ReadOptions | undefined): Uint8Array[] | undefined {
    const wire = wireLines();
    if (wire === undefined || !this.#readsWhole(entry)) return undefined;
    const room = wire.input(entry.fileSize);
    const got = this.#readEntryInto(entry, room);
    if (got === undefined) return undefined;
    return viewOfBytesNow(room.subarray(0, got), this.#viewRange(entry, options), wire);
  }

  /** The whole file, viewed as RETR or TOP sends it. */
  #viewRange(entry: Entry, options: ReadOptions | undefined): ViewRange {
    return {
      start: 0,
      end: entry.fileSize,
      rules: PLAIN_VIEW,
      bodyLines: options?.bodyLines,
      dotStuffed: options?.dotStuffed,
      blockSize: Math.min(this.#context.blockSize, 64 * 1024),
      expectedSize: entry.size,
    };
  }

  #entry(index: number): Entry {
    if (this.#lock.released) throw new MaildropError('SYS/TEMP', 'the maildrop is closed');
    const entry = this.#entries[index];
    if (entry === undefined) throw new RangeError(`no message ${index} in this maildrop`);
    return entry;
  }

  async commit(deleted: ReadonlySet<number>): Promise<void> {
    if (this.#lock.released) throw new MaildropError('SYS/TEMP', 'the maildrop is closed');
    try {
      const doomed: Entry[] = [];
      for (const i of deleted) {
        const entry = this.#entries[i];
        if (entry === undefined) throw new RangeError(`no message ${i} in this maildrop`);
        doomed.push(entry);
      }
      // One unlink is atomic by itself; several are logged first (see maildir-update-log.ts).
      const logged = doomed.length > 1 && this.#lock.dotLock !== undefined;
      if (logged)
        await logUpdate(
          this.#context.fs,
          this.#root,
          doomed.map((entry) => entry.base),
        );
      let failures = 0;
      let firstError: unknown;
      for (const entry of doomed) {
        try {
          await this.#unlinkEntry(entry);
        } catch (error) {
          failures++;
          firstError ??= error;
        }
      }
      // An unlink that failed (not a crash) is reported, not retried by the next session.
      if (logged) await clearUpdateLog(this.#context.fs, this.#root);
      if (failures > 0) {
        throw maildropError(
          `could not delete ${failures} of ${doomed.length} messages`,
          firstError,
        );
      }
    } finally {
      await this.release();
    }
  }

  release(): Promise<void> {
    this.#ahead?.clear();
    return this.#lock.release();
  }

  #pathOf(entry: Entry): string {
    return `${this.#root}/${entry.folder}/${entry.name}`;
  }

  /** Opens a message file; if its flags were changed meanwhile (a rename), finds it again. */
  #openEntry(entry: Entry): Promise<MailFileHandle> {
    return this.#withEntry(entry, (path) => this.#context.fs.open(path, 'r'));
  }

  #readEntry(entry: Entry): Promise<Uint8Array> {
    return this.#withEntry(entry, (path) => this.#context.fs.readFile(path));
  }

  async #withEntry<T>(entry: Entry, use: (path: string) => Promise<T>): Promise<T> {
    try {
      return await use(this.#pathOf(entry));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || !(await this.#relocate(entry))) throw gone(error);
      return await use(this.#pathOf(entry));
    }
  }

  /** Bytes read, or undefined when the file is not where it was listed (renamed or gone). */
  #readEntryInto(entry: Entry, room: Uint8Array): number | undefined {
    try {
      return this.#context.fs.readInto!(this.#pathOf(entry), room);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw gone(error);
    }
  }

  async #unlinkEntry(entry: Entry): Promise<void> {
    try {
      await this.#context.fs.unlink(this.#pathOf(entry));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      if (!(await this.#relocate(entry))) return; // already gone
      try {
        await this.#context.fs.unlink(this.#pathOf(entry));
      } catch (again) {
        if (errorCode(again) !== 'ENOENT') throw again;
      }
    }
  }

  async #relocate(entry: Entry): Promise<boolean> {
    for (const folder of ['cur', 'new'] as const) {
      const names = await listMessages(this.#context.fs, `${this.#root}/${folder}`);
      const name = names.find((candidate) => parseMaildirName(candidate).base === entry.base);
      if (name !== undefined) {
        entry.folder = folder;
        entry.name = name;
        return true;
      }
    }
    return false;
  }
}

async function listMessages(fs: MailFs, dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter((name) => !name.startsWith('.'));
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

async function isDirectory(fs: MailFs, path: string): Promise<boolean> {
  try {
    const stats = await fs.stat(path);
    if (!stats.isDirectory()) throw new MaildropError('SYS/PERM', 'the Maildir is not a directory');
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

function gone(cause?: unknown): MaildropError {
  return new MaildropError('SYS/TEMP', 'the message is no longer in the maildrop', { cause });
}

function trimSlashes(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
