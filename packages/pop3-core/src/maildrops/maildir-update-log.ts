/**
 * Makes a Maildir UPDATE all or nothing across a crash. Deleting several messages is several
 * unlinks; a process killed between two of them would leave some deleted and others not. So
 * before the first unlink, the base names to delete are written to `<maildir>/.pop3-update`
 * (via a temporary file, flushed, then renamed: the log is there whole or not at all). The next
 * session to open the Maildir finishes an UPDATE it finds logged, then scans: it sees the new
 * set if the log was written, the old one otherwise (RFC 1939 §6).
 */
import { errorCode, type MailFs } from '../mail-fs';
import { utf8Decode, utf8Encode } from '@pop3-lab/protocol';
import { syncDirectory, unlinkIfPresent } from './fs-errors';
import { parseMaildirName } from './maildir-names';

export const UPDATE_LOG_NAME = '.pop3-update';
const PENDING = `${UPDATE_LOG_NAME}.new`;

/** Writes the log of an UPDATE about to delete these messages (by base name). */
export async function logUpdate(fs: MailFs, root: string, bases: readonly string[]): Promise<void> {
  const content = utf8Encode(`${JSON.stringify(bases)}\n`);
  const handle = await fs.open(`${root}/${PENDING}`, 'w', 0o600);
  try {
    for (let done = 0; done < content.length;) {
      const { bytesWritten } = await handle.write(content, done, content.length - done, done);
      if (bytesWritten <= 0) throw new Error('the update log could not be written');
      done += bytesWritten;
    }
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlinkIfPresent(fs, `${root}/${PENDING}`).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await fs.rename(`${root}/${PENDING}`, `${root}/${UPDATE_LOG_NAME}`);
  await syncDirectory(fs, root);
}

/** The UPDATE is done (or given up): forget it. */
export async function clearUpdateLog(fs: MailFs, root: string): Promise<void> {
  await unlinkIfPresent(fs, `${root}/${UPDATE_LOG_NAME}`);
}

/**
 * Called with the Maildir locked, before scanning: finishes an UPDATE that a crashed session
 * logged, and drops a log it did not finish writing. Returns how many messages it deleted.
 */
export async function finishLoggedUpdate(fs: MailFs, root: string): Promise<number> {
  let text: string;
  try {
    text = utf8Decode(await fs.readFile(`${root}/${UPDATE_LOG_NAME}`));
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
    await unlinkIfPresent(fs, `${root}/${PENDING}`);
    return 0;
  }
  let bases: Set<string>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((base) => typeof base === 'string'))
      throw new Error();
    bases = new Set(parsed as string[]);
  } catch {
    // Written whole or not at all, so this is not ours: leave the messages alone.
    await clearUpdateLog(fs, root);
    return 0;
  }
  let deleted = 0;
  for (const folder of ['cur', 'new']) {
    let names: string[];
    try {
      names = await fs.readdir(`${root}/${folder}`);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue;
      throw error;
    }
    for (const name of names) {
      if (name.startsWith('.') || !bases.has(parseMaildirName(name).base)) continue;
      await unlinkIfPresent(fs, `${root}/${folder}/${name}`);
      deleted++;
    }
  }
  await clearUpdateLog(fs, root);
  return deleted;
}
