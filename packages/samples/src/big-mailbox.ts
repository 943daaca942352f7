/**
 * Big mailboxes for benchmarks, the same bytes every time for the same options: N messages
 * whose sizes are spread evenly from 0.2 to 1.8 times the mean (measured with LF line ends, as
 * stored), plain 7-bit text in ~72-character lines, about one line in a hundred starting with
 * "." (work for byte-stuffing), one message in eight a MIME multipart with a base64
 * attachment. No line starts with "From ", so the mbox needs no quoting and the mbox and the
 * Maildir hold byte-identical messages; any POP3 server reading either shows the same sizes.
 *
 * The layout matches the benchmark's reference mailboxes: an mbox with a "From " line before
 * each message and an empty line after it; a Maildir with every message in cur/, named
 * "<time>.M<n>P1.big,S=<bytes>,W=<bytes with CRLF>:2,".
 */
import { formatFromLine, makeMaildir, type MailFileHandle, type MailFs } from '@pop3-lab/core';
import { SeededRandom } from './random';
import { utf8 } from './utf8';

export interface BigMailboxOptions {
  readonly messages: number;
  /** The total size as stored, about: each message's size is drawn around the mean. */
  readonly totalBytes: number;
  /** Another seed gives other (equally deterministic) mail. Default 1939. */
  readonly seed?: number;
}

export interface GeneratedMessage {
  /** 1-based, in delivery order. */
  readonly number: number;
  readonly sender: string;
  readonly date: Date;
  /** The message with LF line ends. */
  readonly bytes: Uint8Array;
}

export interface BigMailboxSummary {
  readonly messages: number;
  /** Bytes of the messages as stored (LF). */
  readonly storedBytes: number;
  /** Bytes of the messages with CRLF line ends: what STAT adds up. */
  readonly wireBytes: number;
}

const WORDS = (
  'mail post letter parcel stamp sorting office route van bicycle morning evening ' +
  'server client session command reply octet line message mailbox spool folder ' +
  'number list delete retrieve top unique identifier lock update quit noop reset ' +
  'network packet socket port address host relay queue retry timeout delivery ' +
  'a an the of to in on at by for with from into over under near far ' +
  'quick slow large small early late first last new old full empty ' +
  'student teacher lesson exercise terminal keyboard screen trace log'
).split(' ');

const START = Date.UTC(2026, 0, 5, 6, 0, 0);
const LF = 0x0a;

function checkOptions(options: BigMailboxOptions): { count: number; mean: number; seed: number } {
  const { messages, totalBytes } = options;
  const seed = options.seed ?? 1939;
  if (!Number.isInteger(messages) || messages < 0) {
    throw new RangeError(`messages must be a whole number, not ${messages}`);
  }
  if (!Number.isFinite(totalBytes) || totalBytes < 0) {
    throw new RangeError(`totalBytes must be a number of bytes, not ${totalBytes}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, not ${seed}`);
  return { count: messages, mean: messages === 0 ? 0 : totalBytes / messages, seed };
}

function linePool(random: SeededRandom): Uint8Array[] {
  const pool: Uint8Array[] = [];
  for (let i = 0; i < 4096; i++) {
    let line = '';
    const target = random.int(40, 76);
    while (line.length < target) line += (line ? ' ' : '') + random.pick(WORDS);
    line = line.slice(0, 78);
    if (i % 97 === 0) line = `.${line}`;
    else if (i % 89 === 0) line = '';
    pool.push(utf8(`${line}\n`));
  }
  return pool;
}

/** A growable byte buffer. */
class Bytes {
  buf = new Uint8Array(1024);
  length = 0;

  push(data: Uint8Array): void {
    this.#reserve(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  base64Lines(data: Uint8Array): void {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const codes = Uint8Array.from(alphabet, (c) => c.charCodeAt(0));
    const encodedLength = Math.ceil(data.length / 3) * 4;
    this.#reserve(encodedLength + Math.ceil(encodedLength / 76) + 1);
    const out = this.buf;
    let o = this.length;
    let column = 0;
    for (let i = 0; i < data.length; i += 3) {
      const a = data[i]!;
      const b = i + 1 < data.length ? data[i + 1]! : 0;
      const c = i + 2 < data.length ? data[i + 2]! : 0;
      out[o++] = codes[a >> 2]!;
      out[o++] = codes[((a & 3) << 4) | (b >> 4)]!;
      out[o++] = i + 1 < data.length ? codes[((b & 15) << 2) | (c >> 6)]! : 0x3d;
      out[o++] = i + 2 < data.length ? codes[c & 63]! : 0x3d;
      column += 4;
      if (column === 76) {
        out[o++] = LF;
        column = 0;
      }
    }
    if (column > 0) out[o++] = LF;
    this.length = o;
  }

  take(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  #reserve(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.length));
    this.buf = bigger;
  }
}

/** The messages, one at a time (a 1 GB mailbox is never in memory). */
export function* generateBigMailbox(options: BigMailboxOptions): Generator<GeneratedMessage> {
  const { count, mean, seed } = checkOptions(options);
  const random = new SeededRandom(seed);
  const pool = linePool(random);
  for (let n = 1; n <= count; n++) {
    const target = random.int(Math.floor(mean / 5), Math.floor((mean * 9) / 5));
    const date = new Date(START + n * 60_000);
    const sender = `sender${n % 251}@example.org`;
    const stamp = date.toUTCString().replace('GMT', '+0000');
    const out = new Bytes();
    out.push(
      utf8(
        `Return-Path: <${sender}>\n` +
          `Delivered-To: big@bench.example.test\n` +
          `Received: from mx.example.org (mx.example.org [192.0.2.${(n % 254) + 1}])\n` +
          `\tby bench.example.test with ESMTP id ${(Math.imul(n, 2654435761) >>> 0).toString(16).toUpperCase()}\n` +
          `\tfor <big@bench.example.test>; ${stamp}\n` +
          `From: Sender ${n % 251} <${sender}>\n` +
          `To: big@bench.example.test\n` +
          `Subject: bulk test message ${n}\n` +
          `Date: ${stamp}\n` +
          `Message-ID: <big-${n}@example.org>\n` +
          `MIME-Version: 1.0\n`,
      ),
    );
    const multipart = n % 8 === 7;
    if (multipart) {
      out.push(
        utf8(
          `Content-Type: multipart/mixed; boundary="part-${n}"\n\n` +
            `--part-${n}\nContent-Type: text/plain; charset=us-ascii\n\n`,
        ),
      );
    } else {
      out.push(utf8('Content-Type: text/plain; charset=us-ascii\n\n'));
    }
    const textTarget = multipart ? Math.floor(target / 3) : target;
    while (out.length < textTarget) out.push(pool[random.int(0, pool.length - 1)]!);
    if (multipart) {
      out.push(
        utf8(
          `\n--part-${n}\nContent-Type: application/octet-stream; name="data${n}.bin"\n` +
            `Content-Transfer-Encoding: base64\n\n`,
        ),
      );
      const raw = Math.max(0, Math.floor(((target - out.length - 20) * 3) / 4 / (77 / 76)));
      out.base64Lines(random.bytes(raw));
      out.push(utf8(`\n--part-${n}--\n`));
    }
    yield { number: n, sender, date, bytes: out.take() };
  }
}

export interface BigMailboxTargets {
  /** Write an mbox file here. */
  readonly mbox?: string;
  /** Write a Maildir here (every message in cur/). */
  readonly maildir?: string;
}

/** Writes the same messages as an mbox, a Maildir, or both, in one pass. */
export async function writeBigMailbox(
  fs: MailFs,
  targets: BigMailboxTargets,
  options: BigMailboxOptions,
): Promise<BigMailboxSummary> {
  if (targets.maildir !== undefined) await makeMaildir(fs, targets.maildir);
  const mbox =
    targets.mbox === undefined
      ? undefined
      : new BufferedWriter(await fs.open(targets.mbox, 'w', 0o600));
  let messages = 0;
  let storedBytes = 0;
  let wireBytes = 0;
  try {
    for (const message of generateBigMailbox(options)) {
      const { bytes } = message;
      let lines = 0;
      for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) lines++;
      const wire = bytes.length + lines;
      if (mbox !== undefined) {
        await mbox.write(utf8(`${formatFromLine(message.sender, message.date)}\n`));
        await mbox.write(bytes);
        await mbox.write(Uint8Array.of(LF));
      }
      if (targets.maildir !== undefined) {
        const time = Math.floor(message.date.getTime() / 1000);
        const name = `${time}.M${message.number}P1.big,S=${bytes.length},W=${wire}:2,`;
        await fs.writeFile(`${targets.maildir}/cur/${name}`, bytes, { mode: 0o600 });
      }
      messages++;
      storedBytes += bytes.length;
      wireBytes += wire;
    }
    await mbox?.flush();
  } finally {
    await mbox?.close();
  }
  return { messages, storedBytes, wireBytes };
}

export function writeBigMbox(fs: MailFs, path: string, options: BigMailboxOptions) {
  return writeBigMailbox(fs, { mbox: path }, options);
}

export function writeBigMaildir(fs: MailFs, root: string, options: BigMailboxOptions) {
  return writeBigMailbox(fs, { maildir: root }, options);
}

class BufferedWriter {
  readonly #handle: MailFileHandle;
  readonly #buf = new Uint8Array(1 << 20);
  #used = 0;

  constructor(handle: MailFileHandle) {
    this.#handle = handle;
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.#used + data.length > this.#buf.length) await this.flush();
    if (data.length > this.#buf.length) {
      await this.#writeAll(data);
      return;
    }
    this.#buf.set(data, this.#used);
    this.#used += data.length;
  }

  async flush(): Promise<void> {
    if (this.#used === 0) return;
    await this.#writeAll(this.#buf.subarray(0, this.#used));
    this.#used = 0;
  }

  close(): Promise<void> {
    return this.#handle.close();
  }

  async #writeAll(data: Uint8Array): Promise<void> {
    let done = 0;
    while (done < data.length) {
      done += (await this.#handle.write(data, done, data.length - done, null)).bytesWritten;
    }
  }
}
