/**
 * A MailFs that fails on purpose, for the crash and disk-full tests. It passes every call to
 * a real file system and counts the operations that change the disk (creating or truncating
 * opens, writes, syncs, renames, unlinks, mkdir). Armed with a fault at operation k:
 *
 * - `crash`: operation k does not happen (a write is torn: half of it lands), and from then on
 *   every call fails — the process is dead, so no clean-up reaches the disk;
 * - `enospc`: from operation k on, everything that needs space (creating opens, writes,
 *   writeFile, mkdir) fails with ENOSPC, and the first such write lands half and returns a
 *   short count (unless `torn: false`), as a real full disk does with a large write. Renames
 *   and unlinks still work.
 */
import type { MailFileHandle, MailFs, MailStats } from '../../../src';

export interface Fault {
  readonly at: number;
  readonly kind: 'crash' | 'enospc';
  /** A full disk takes half of the first write it refuses (default true). */
  readonly torn?: boolean;
}

export class CrashError extends Error {
  override name = 'CrashError';
}

function enospc(what: string): Error {
  return Object.assign(new Error(`ENOSPC: no space left on device, ${what}`), { code: 'ENOSPC' });
}

const NEEDS_SPACE = new Set(['open', 'write', 'writeFile', 'mkdir']);

export class FaultyFs implements MailFs {
  readonly #inner: MailFs;
  #fault: Fault | undefined;
  #count = 0;
  #inFlight = 0;
  #dead = false;
  #tornWrite = false;
  /** Handles open on the real file system: a dead process's are closed by its kernel. */
  readonly #open = new Set<MailFileHandle>();
  /** Disk-changing operations since `arm`, for messages: "3 rename /spool/.chris.x → /spool/chris". */
  readonly log: string[] = [];

  constructor(inner: MailFs) {
    this.#inner = inner;
  }

  arm(fault: Fault): void {
    this.#fault = fault;
    this.#count = 0;
    this.log.length = 0;
  }

  disarm(): void {
    this.#fault = undefined;
  }

  /** Disk-changing operations seen since `arm`. */
  get operations(): number {
    return this.#count;
  }

  get crashed(): boolean {
    return this.#dead;
  }

  inFlight = (): number => this.#inFlight;

  /** After a crash: closes what the dead process held open, as its kernel would. */
  async reap(): Promise<void> {
    const handles = [...this.#open];
    this.#open.clear();
    await Promise.all(handles.map((handle) => handle.close().catch(() => undefined)));
  }

  async #call<T>(work: () => Promise<T>): Promise<T> {
    if (this.#dead) throw new CrashError('the process is dead');
    this.#inFlight++;
    try {
      return await work();
    } finally {
      this.#inFlight--;
    }
  }

  /**
   * Counts a disk-changing operation and says what to do: 'go' on, 'tear' (a write lands in
   * part), or throws the fault.
   */
  #step(name: string, detail: string): 'go' | 'tear' {
    if (this.#dead) throw new CrashError('the process is dead');
    if (this.#fault === undefined) return 'go';
    this.#count++;
    this.log.push(`${this.#count} ${name} ${detail}`);
    const { at, kind } = this.#fault;
    if (this.#count < at) return 'go';
    if (kind === 'crash') {
      this.#dead = true;
      if ((name === 'write' || name === 'writeFile') && this.#count === at) return 'tear';
      throw new CrashError(`killed at operation ${at} (${name} ${detail})`);
    }
    if (!NEEDS_SPACE.has(name)) return 'go';
    if (name === 'write' && !this.#tornWrite && this.#fault.torn !== false) {
      this.#tornWrite = true;
      return 'tear';
    }
    throw enospc(`${name} ${detail}`);
  }

  open(path: string, flags: string, mode?: number): Promise<MailFileHandle> {
    return this.#call(async () => {
      if (flags !== 'r') this.#step('open', `${path} ${flags}`);
      const handle = await this.#inner.open(path, flags, mode);
      this.#open.add(handle);
      return this.#wrap(handle, path);
    });
  }

  #wrap(handle: MailFileHandle, path: string): MailFileHandle {
    return {
      read: (buffer, offset, length, position) =>
        this.#call(() => handle.read(buffer, offset, length, position)),
      write: (buffer, offset = 0, length = buffer.length - offset, position) =>
        this.#call(async () => {
          if (this.#step('write', `${path} ${length} octets`) === 'go') {
            return handle.write(buffer, offset, length, position);
          }
          // Torn: half the bytes reach the file.
          const half = Math.floor(length / 2);
          if (half > 0) await handle.write(buffer, offset, half, position);
          if (this.#dead) throw new CrashError('killed in the middle of a write');
          return { bytesWritten: half };
        }),
      stat: () => this.#call(() => handle.stat()),
      sync: () =>
        this.#call(async () => {
          this.#step('sync', path);
          await handle.sync();
        }),
      close: () =>
        this.#call(async () => {
          this.#open.delete(handle);
          await handle.close();
        }),
    };
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.#call(() => this.#inner.readFile(path));
  }

  writeFile(
    path: string,
    data: Uint8Array,
    options?: { flag?: string; mode?: number },
  ): Promise<void> {
    return this.#call(async () => {
      let step: 'go' | 'tear';
      try {
        step = this.#step('writeFile', path);
      } catch (error) {
        // A full disk: the file was opened (truncated) before the write failed.
        if (!this.#dead && (options?.flag ?? 'w') === 'w') {
          await this.#inner.writeFile(path, new Uint8Array(0), options).catch(() => undefined);
        }
        throw error;
      }
      if (step === 'tear') {
        await this.#inner.writeFile(path, data.subarray(0, Math.floor(data.length / 2)), options);
        throw new CrashError('killed in the middle of a write');
      }
      await this.#inner.writeFile(path, data, options);
    });
  }

  readdir(path: string): Promise<string[]> {
    return this.#call(() => this.#inner.readdir(path));
  }

  stat(path: string): Promise<MailStats> {
    return this.#call(() => this.#inner.stat(path));
  }

  rename(from: string, to: string): Promise<void> {
    return this.#call(async () => {
      this.#step('rename', `${from} → ${to}`);
      await this.#inner.rename(from, to);
    });
  }

  unlink(path: string): Promise<void> {
    return this.#call(async () => {
      this.#step('unlink', path);
      await this.#inner.unlink(path);
    });
  }

  mkdir(path: string, options?: { recursive?: boolean; mode?: number }): Promise<unknown> {
    return this.#call(async () => {
      this.#step('mkdir', path);
      return this.#inner.mkdir(path, options);
    });
  }
}
