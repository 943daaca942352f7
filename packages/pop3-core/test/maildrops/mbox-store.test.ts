// UPDATE on an mbox: what stays in the file, byte for byte, and what happens when the world
// does not cooperate (mail arriving, the disk filling up, the file changing, the lock lost).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMboxStore, type Maildrop, type MaildropStore, type MailFs } from '../../src';
import {
  bytes,
  countingFs,
  exists,
  failingWrites,
  fsKinds,
  readAllText,
  text,
  type TestFs,
} from './helpers';

const pseudo = `From MAILER-DAEMON Mon Mar  2 07:58:10 2026
Date: 02 Mar 2026 07:58:10 +0100
From: Mail System Internal Data <MAILER-DAEMON@gw.example.test>
Subject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA
X-IMAP: 1772434690 0000000003
Status: RO

Folder bookkeeping, not mail.

`;
const entry = (n: number, extra = '') =>
  `From s${n}@example.test  Mon Mar  2 08:0${n}:00 2026\nSubject: message ${n}\nStatus: RO\n${extra}\n` +
  `Body of message ${n}.\n>From a quoted line\n\n`;
const original = pseudo + entry(1) + entry(2) + entry(3);

async function open(store: MaildropStore, user = 'chris'): Promise<Maildrop> {
  const result = await store.open(user);
  if (!result.ok) throw new Error(`${result.code} ${result.reason}`);
  return result.maildrop;
}

for (const fsKind of fsKinds) {
  describe(`mbox UPDATE on ${fsKind.name}`, () => {
    let t: TestFs;
    let spool: string;
    let path: string;
    const store = (fs: MailFs = t.fs, extra = {}) =>
      createMboxStore(fs, { spoolDir: spool, ...extra });
    const file = async () => text(await t.fs.readFile(path));
    beforeEach(async () => {
      t = await fsKind.create();
      spool = `${t.root}/spool`;
      path = `${spool}/chris`;
      await t.fs.mkdir(spool, { recursive: true });
      await t.fs.writeFile(path, bytes(original));
    });
    afterEach(() => t.dispose());

    it('removes exactly the deleted entries and keeps every other byte, pseudo-message included', async () => {
      const maildrop = await open(store());
      expect(maildrop.messages).toHaveLength(3);
      await maildrop.commit(new Set([1]));
      expect(await file()).toBe(pseudo + entry(1) + entry(3));
      expect((await t.fs.readdir(spool)).sort()).toEqual(['chris']);
    });

    it('does not touch the file when nothing is deleted', async () => {
      const counting = countingFs(t.fs);
      const maildrop = await open(store(counting.fs));
      await maildrop.commit(new Set());
      expect(counting.calls.get('rename')).toBeUndefined();
      expect(await file()).toBe(original);
    });

    it('keeps mail appended by someone else during the session', async () => {
      const maildrop = await open(store());
      const late = entry(4);
      const handle = await t.fs.open(path, 'a');
      await handle.write(bytes(late), 0, bytes(late).length, null);
      await handle.close();
      await maildrop.commit(new Set([0, 2]));
      expect(await file()).toBe(pseudo + entry(2) + late);
    });

    it('will not cut off a message that was still being written when the session began', async () => {
      const whole = entry(4);
      const half = whole.slice(0, 60);
      await t.fs.writeFile(path, bytes(original + half));
      const maildrop = await open(store());
      expect(maildrop.messages).toHaveLength(4);
      const handle = await t.fs.open(path, 'a');
      await handle.write(bytes(whole.slice(60)), 0, bytes(whole.slice(60)).length, null);
      await handle.close();
      await maildrop.commit(new Set([0, 3]));
      expect(await file()).toBe(pseudo + entry(2) + entry(3) + whole);
    });

    it('changes nothing if the file was rewritten by someone else meanwhile', async () => {
      const maildrop = await open(store());
      const other = pseudo + entry(3, 'X-Note: rewritten by another program\n') + entry(1);
      await t.fs.writeFile(path, bytes(other));
      await expect(maildrop.commit(new Set([0]))).rejects.toMatchObject({ code: 'SYS/TEMP' });
      expect(await file()).toBe(other);
      const again = await open(store());
      await again.release();
    });

    it('changes nothing if the file shrank meanwhile', async () => {
      const maildrop = await open(store());
      await t.fs.writeFile(path, bytes(pseudo + entry(1)));
      await expect(maildrop.commit(new Set([0]))).rejects.toMatchObject({ code: 'SYS/TEMP' });
      expect(await file()).toBe(pseudo + entry(1));
    });

    it('keeps the old mailbox and leaves no temporary file when the disk is full', async () => {
      const full = failingWrites(t.fs, (p) => p.endsWith('.rewrite'), 200);
      const maildrop = await open(store(full, { blockSize: 64 }));
      await expect(maildrop.commit(new Set([1]))).rejects.toMatchObject({ code: 'SYS/TEMP' });
      expect(await file()).toBe(original);
      expect((await t.fs.readdir(spool)).sort()).toEqual(['chris']);
      const again = await open(store());
      expect(again.messages).toHaveLength(3);
      await again.release();
    });

    it('gives up, changing nothing, when its lock was taken away', async () => {
      const maildrop = await open(store());
      await t.fs.unlink(`${path}.lock`);
      await expect(maildrop.commit(new Set([0]))).rejects.toMatchObject({ code: 'SYS/TEMP' });
      expect(await file()).toBe(original);
    });

    it('holds the dot-lock for the whole session and removes it at the end', async () => {
      const maildrop = await open(store(t.fs, { lockOwner: 'pid-1234' }));
      expect(text(await t.fs.readFile(`${path}.lock`))).toMatch(/^pid-1234 [0-9a-z]{12}\n$/);
      await maildrop.release();
      expect(await exists(t.fs, `${path}.lock`)).toBe(false);
    });

    it('is told IN-USE while a delivery agent holds the lock, with who holds it', async () => {
      await t.fs.writeFile(`${path}.lock`, bytes('postfix-local\n'));
      const result = await store().open('chris');
      expect(result).toMatchObject({ ok: false, code: 'IN-USE' });
      expect(!result.ok && result.reason).toContain('postfix-local');
    });

    it('recovers from a crashed session: breaks its stale lock and removes its leftovers', async () => {
      const token = 'abcdefghijkl';
      await t.fs.writeFile(`${path}.lock`, bytes(`4242 ${token}\n`));
      await t.fs.writeFile(`${spool}/.chris.${token}.rewrite`, bytes('half a mailbox'));
      await t.fs.writeFile(`${spool}/.chris.lock.${token}.rewrite`, bytes('not ours'));
      await t.fs.writeFile(`${spool}/.chrisx.${token}.rewrite`, bytes('another user'));
      await t.age(`${path}.lock`, 11 * 60_000);
      const maildrop = await open(store());
      expect(maildrop.messages).toHaveLength(3);
      expect((await t.fs.readdir(spool)).sort()).toEqual([
        '.chris.lock.abcdefghijkl.rewrite',
        '.chrisx.abcdefghijkl.rewrite',
        'chris',
        'chris.lock',
      ]);
      await maildrop.release();
    });

    it('recovers at once when the lock owner is known to be gone', async () => {
      await t.fs.writeFile(`${path}.lock`, bytes('4242 abcdefghijkl\n'));
      const busy = await store(t.fs, { isLockOwnerAlive: () => true }).open('chris');
      expect(busy).toMatchObject({ ok: false, code: 'IN-USE' });
      const maildrop = await open(
        store(t.fs, { isLockOwnerAlive: (owner: string) => owner !== '4242' }),
      );
      await maildrop.release();
    });

    it('creates a missing spool directory and treats a missing mbox as empty', async () => {
      const maildrop = await open(
        createMboxStore(t.fs, { spoolDir: `${t.root}/new-spool` }),
        'nobody',
      );
      expect([...maildrop.messages]).toEqual([]);
      await maildrop.commit(new Set());
      expect(await t.fs.readdir(`${t.root}/new-spool`)).toEqual([]);
    });

    it('shows bookkeeping headers hidden and >From unquoted by default, as configured otherwise', async () => {
      const standard = await open(store());
      expect(await readAllText(standard, 0)).toBe(
        'Subject: message 1\r\n\r\nBody of message 1.\r\nFrom a quoted line\r\n',
      );
      await standard.release();
      const raw = await open(store(t.fs, { hiddenHeaders: [], fromQuoting: 'none' }));
      expect(await readAllText(raw, 0)).toBe(
        'Subject: message 1\r\nStatus: RO\r\n\r\nBody of message 1.\r\n>From a quoted line\r\n',
      );
      await raw.release();
    });

    it('validates its options', () => {
      expect(() => createMboxStore(t.fs, { spoolDir: '' })).toThrow(RangeError);
      expect(() => createMboxStore(t.fs, { spoolDir: spool, lockStaleMs: Number.NaN })).toThrow(
        RangeError,
      );
      expect(() => createMboxStore(t.fs, { spoolDir: spool, blockSize: 0 })).toThrow(RangeError);
      expect(() => createMboxStore(t.fs, { spoolDir: spool, lockOwner: 'has space' })).toThrow(
        RangeError,
      );
      expect(() =>
        createMboxStore(t.fs, { spoolDir: spool, fromQuoting: 'mboxcl' as 'none' }),
      ).toThrow(RangeError);
    });
  });
}
