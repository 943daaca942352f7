/**
 * The mailbox as stored: the whole mbox file (pseudo-message and all), or the Maildir tree
 * with each file. Classic places: /var/spool/mail/USER, /home/USER/Maildir.
 */
import { errorCode } from '../shell/errors';
import type { ShellFs } from '../shell/shell-fs';

export interface RawFile {
  readonly path: string;
  readonly size: number;
  readonly text: string;
}

export type RawView =
  | { readonly kind: 'mbox'; readonly path: string; readonly file: RawFile }
  | { readonly kind: 'maildir'; readonly path: string; readonly folders: readonly RawFolder[] }
  | { readonly kind: 'none'; readonly user: string };

export interface RawFolder {
  readonly name: string;
  readonly files: readonly RawFile[];
}

const decoder = new TextDecoder();

export const mboxPath = (user: string) => `/var/spool/mail/${user}`;
export const maildirPath = (user: string) => `/home/${user}/Maildir`;

async function exists(fs: ShellFs, path: string, directory: boolean): Promise<boolean> {
  try {
    const stat = await fs.stat(path);
    return directory ? stat.isDirectory() : stat.isFile();
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return false;
    throw error;
  }
}

export async function readRawView(fs: ShellFs, user: string): Promise<RawView> {
  const mbox = mboxPath(user);
  if (await exists(fs, mbox, false)) {
    const bytes = await fs.readFile(mbox);
    return {
      kind: 'mbox',
      path: mbox,
      file: { path: mbox, size: bytes.length, text: decoder.decode(bytes) },
    };
  }
  const maildir = maildirPath(user);
  if (await exists(fs, maildir, true)) {
    const folders: RawFolder[] = [];
    for (const name of ['new', 'cur', 'tmp']) {
      const folder = `${maildir}/${name}`;
      if (!(await exists(fs, folder, true))) continue;
      const files: RawFile[] = [];
      for (const file of await fs.readdir(folder)) {
        const path = `${folder}/${file}`;
        const bytes = await fs.readFile(path);
        files.push({ path, size: bytes.length, text: decoder.decode(bytes) });
      }
      folders.push({ name, files });
    }
    return { kind: 'maildir', path: maildir, folders };
  }
  return { kind: 'none', user };
}

/** Users with a mailbox in the classic places, sorted. */
export async function mailboxUsers(fs: ShellFs): Promise<string[]> {
  const users = new Set<string>();
  try {
    for (const name of await fs.readdir('/var/spool/mail')) {
      if (!name.includes('.') && (await exists(fs, mboxPath(name), false))) users.add(name);
    }
  } catch {
    // no spool
  }
  try {
    for (const name of await fs.readdir('/home')) {
      if (await exists(fs, maildirPath(name), true)) users.add(name);
    }
  } catch {
    // no homes
  }
  return [...users].sort();
}
