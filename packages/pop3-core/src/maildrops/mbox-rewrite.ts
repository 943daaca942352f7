/**
 * UPDATE for an mbox (RFC 1939 §6), written so that no crash can lose mail: the new mailbox is
 * written to a temporary file in the spool directory, flushed to disk, then renamed over the
 * old one. A crash before the rename leaves the old mailbox untouched (and a stray temporary
 * file, removed by the next session that finds the crashed session's stale lock); after it,
 * the new one. Never a truncated or half-merged file.
 *
 * What is kept, byte for byte: everything before the first message (including the hidden
 * pseudo-message), every message not deleted, and the "tail": whatever was appended to the
 * file after it was indexed (a delivery agent that did not wait for our lock). The tail is
 * re-read until the file stops growing, just before the rename.
 *
 * Before dropping anything, the rewrite checks that the file still is the one indexed: not
 * shorter, and a "From " line at every message start. If not, it changes nothing.
 */
import { errorCode, type MailFileHandle, type MailFs } from '../mail-fs';
import { MaildropError } from '../maildrop';
import type { DotLock } from './dot-lock';
import { readFully } from './byte-sources';
import { maildropError, parentDirectory, syncDirectory, unlinkIfPresent } from './fs-errors';
import { isFromLine } from './mbox-from-line';
import type { MboxIndex } from './mbox-index';
import { startsWithFrom } from './message-view';

export interface RewritePlan {
  readonly fs: MailFs;
  readonly path: string;
  /** In the same directory as `path`, so that the rename is atomic. */
  readonly tempPath: string;
  readonly index: MboxIndex;
  /** Indexes into `index.messages`. */
  readonly deleted: ReadonlySet<number>;
  readonly lock: DotLock;
  readonly lockStaleMs: number;
  readonly blockSize: number;
}

export interface RewriteResult {
  readonly removed: number;
  /** Bytes appended by someone else during the session, carried over. */
  readonly tailBytes: number;
}

const MAX_TAIL_ROUNDS = 64;

export async function rewriteMbox(plan: RewritePlan): Promise<RewriteResult> {
  const { fs, path, tempPath, index, lock } = plan;
  if (!(await lock.isHeld())) {
    throw new MaildropError('SYS/TEMP', 'the mailbox lock was lost; nothing was deleted');
  }
  let source: MailFileHandle | undefined;
  let target: MailFileHandle | undefined;
  let lastTouch = Date.now();
  const keepAlive = async () => {
    if (Date.now() - lastTouch < plan.lockStaleMs / 4) return;
    lastTouch = Date.now();
    await lock.touch();
  };
  try {
    source = await fs.open(path, 'r');
    const size = (await source.stat()).size;
    if (size < index.length) {
      throw new MaildropError(
        'SYS/TEMP',
        'the mailbox shrank during the session; nothing was deleted',
      );
    }
    const drop = spansToDrop(index, plan.deleted);
    if (size > index.length && !(await tailStartsCleanly(source, index.length, size))) {
      // The last message was still being written when the mailbox was indexed: the rest of it
      // is in the tail, so it cannot be removed on its own.
      drop.delete(index.messages.length - 1);
    }
    target = await fs.open(tempPath, 'wx', 0o600);
    await copyKept(source, target, index, drop, plan.blockSize, keepAlive);
    let copied = await carryTail(source, target, index.length, plan.blockSize);
    await target.sync();
    if (!(await lock.isHeld())) {
      throw new MaildropError('SYS/TEMP', 'the mailbox lock was lost; nothing was deleted');
    }
    // A last look just before the rename, for what was appended during the flush: an agent
    // that ignores the lock can now only lose a write landing in the instant that is left.
    const now = await carryTail(source, target, copied, plan.blockSize);
    if (now > copied) {
      copied = now;
      await target.sync();
    }
    await fs.rename(tempPath, path);
    // The new mailbox is in place: nothing after this may report the UPDATE as failed.
    const done = [target, source];
    target = source = undefined;
    for (const handle of done) await handle.close().catch(() => undefined);
    await syncDirectory(fs, parentDirectory(path));
    return { removed: drop.size, tailBytes: copied - index.length };
  } catch (error) {
    await target?.close().catch(() => undefined);
    await source?.close().catch(() => undefined);
    await unlinkIfPresent(fs, tempPath).catch(() => undefined);
    if (errorCode(error) === 'ENOENT' && index.length > 0) {
      throw new MaildropError('SYS/TEMP', 'the mailbox disappeared during the session', {
        cause: error,
      });
    }
    throw maildropError('could not rewrite the mailbox; nothing was deleted', error);
  }
}

/** Copies what was appended after `from` until the file stops growing; returns the new end. */
async function carryTail(
  source: MailFileHandle,
  target: MailFileHandle,
  from: number,
  blockSize: number,
): Promise<number> {
  let copied = from;
  for (let round = 0; round < MAX_TAIL_ROUNDS; round++) {
    const now = (await source.stat()).size;
    if (now <= copied) break;
    await copyBytes(source, target, copied, now, blockSize);
    copied = now;
  }
  return copied;
}

/** The messages to remove, by index, checked against the index. */
function spansToDrop(index: MboxIndex, deleted: ReadonlySet<number>): Set<number> {
  const drop = new Set<number>();
  for (const i of deleted) {
    if (!index.messages.has(i)) throw new RangeError(`no message ${i} in this maildrop`);
    drop.add(i);
  }
  return drop;
}

/** Does the tail begin with a new message ("From " line, maybe after one empty line)? */
async function tailStartsCleanly(
  source: MailFileHandle,
  indexed: number,
  size: number,
): Promise<boolean> {
  const from = Math.max(0, indexed - 1);
  const probe = new Uint8Array(Math.min(size - from, 1 + 2 + 1024));
  const got = await readFully(source, probe, 0, probe.length, from);
  let at = 0;
  if (indexed > 0) {
    if (probe[0] !== 0x0a) return false;
    at = 1;
  }
  if (probe[at] === 0x0a) at += 1;
  else if (probe[at] === 0x0d && probe[at + 1] === 0x0a) at += 2;
  const lineEnd = probe.indexOf(0x0a, at);
  return isFromLine(probe, at, lineEnd < 0 || lineEnd >= got ? got : lineEnd + 1);
}

/**
 * One pass over the indexed bytes: write what is kept, skip what is dropped, and check on the
 * way that every message still starts where the index says.
 */
async function copyKept(
  source: MailFileHandle,
  target: MailFileHandle,
  index: MboxIndex,
  drop: ReadonlySet<number>,
  blockSize: number,
  keepAlive: () => Promise<void>,
): Promise<void> {
  const starts: number[] = [];
  if (index.pseudo !== undefined) starts.push(index.pseudo.start);
  const spans = index.messages;
  for (let i = 0; i < spans.length; i++) starts.push(spans.start(i));
  // Messages lie in file order: by index is by offset.
  const dropped = [...drop]
    .sort((a, b) => a - b)
    .map((i) => ({ start: spans.start(i), end: spans.end(i) }));
  const buffer = new Uint8Array(Math.max(1, Math.min(blockSize, index.length)));
  let next = 0; // next entry of `starts` to check
  let d = 0; // next dropped span
  for (let position = 0; position < index.length;) {
    const wanted = Math.min(buffer.length, index.length - position);
    const got = await readFully(source, buffer, 0, wanted, position);
    if (got === 0) throw new MaildropError('SYS/TEMP', 'the mailbox shrank during the rewrite');
    const blockEnd = position + got;
    for (; next < starts.length && starts[next]! < blockEnd; next++) {
      const at = starts[next]!;
      const ok =
        at + 5 <= blockEnd
          ? startsWithFrom(buffer, at - position, got)
          : await fromLineAt(source, at);
      if (!ok) {
        throw new MaildropError(
          'SYS/TEMP',
          'the mailbox changed during the session; nothing was deleted',
        );
      }
    }
    // Write the parts of [position, blockEnd) outside dropped spans.
    let cursor = position;
    while (cursor < blockEnd) {
      while (d < dropped.length && dropped[d]!.end <= cursor) d++;
      const span = dropped[d];
      if (span !== undefined && span.start <= cursor) {
        cursor = Math.min(span.end, blockEnd);
        continue;
      }
      const stop = span === undefined ? blockEnd : Math.min(span.start, blockEnd);
      await writeFully(target, buffer, cursor - position, stop - cursor);
      cursor = stop;
    }
    position = blockEnd;
    await keepAlive();
  }
}

async function copyBytes(
  source: MailFileHandle,
  target: MailFileHandle,
  from: number,
  to: number,
  blockSize: number,
): Promise<void> {
  const buffer = new Uint8Array(Math.max(1, Math.min(blockSize, to - from)));
  for (let position = from; position < to;) {
    const got = await readFully(
      source,
      buffer,
      0,
      Math.min(buffer.length, to - position),
      position,
    );
    if (got === 0) break;
    await writeFully(target, buffer, 0, got);
    position += got;
  }
}

async function fromLineAt(source: MailFileHandle, at: number): Promise<boolean> {
  const probe = new Uint8Array(5);
  const got = await readFully(source, probe, 0, probe.length, at);
  return startsWithFrom(probe, 0, got);
}

async function writeFully(
  handle: MailFileHandle,
  buffer: Uint8Array,
  offset: number,
  length: number,
): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await handle.write(buffer, offset + done, length - done, null);
    if (bytesWritten <= 0) throw new MaildropError('SYS/TEMP', 'could not write the new mailbox');
    done += bytesWritten;
  }
}
