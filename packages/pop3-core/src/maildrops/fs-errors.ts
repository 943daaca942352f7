/** Turning file-system failures into the response codes of RFC 2449 §8 and RFC 3206. */
import { errorCode, type MailFs } from '../mail-fs';
import { MaildropError, type MaildropFailureCode } from '../maildrop';

const PERMANENT = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'EISDIR',
  'ELOOP',
  'ENAMETOOLONG',
]);

/** Access problems will not go away by retrying (SYS/PERM); a full disk or an I/O error may. */
export function failureCode(error: unknown): MaildropFailureCode {
  const code = errorCode(error);
  return code !== undefined && PERMANENT.has(code) ? 'SYS/PERM' : 'SYS/TEMP';
}

export function maildropError(what: string, error: unknown): MaildropError {
  if (error instanceof MaildropError) return error;
  const code = errorCode(error);
  return new MaildropError(failureCode(error), `${what}${code ? ` (${code})` : ''}`, {
    cause: error,
  });
}

export async function unlinkIfPresent(fs: MailFs, path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

/** fsync of a directory makes a rename durable; not every file system allows it, so best effort. */
export async function syncDirectory(fs: MailFs, dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // EISDIR, EPERM or an fs without directory handles: the rename is still atomic.
  }
}

export function parentDirectory(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return '.';
  return slash === 0 ? '/' : path.slice(0, slash);
}
