// The contract every maildrop keeps, whatever it is stored as and whatever file system it is
// on: memfs (the browser sandbox) and a real directory (the server).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Maildrop, MaildropStore } from '../../src';
import { crlf, fsKinds, readAll, readAllText, type TestFs } from './helpers';
import { maildropKinds } from './kinds';

const first = `From: Alice <alice@example.test>
To: chris@example.test
Subject: first

Hello Chris.
.a line starting with a dot
From the start of a line
>From a quoted line
`;
const copy = `From: Bob <bob@example.test>
Subject: twice

The same message, delivered twice.
`;
const headerOnly = `From: Carol <carol@example.test>
Subject: nothing to say

`;
const long = `From: Dave <dave@example.test>
Subject: lines

${Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n')}
`;
const mail = [first, copy, copy, headerOnly, long];

async function open(store: MaildropStore, user: string): Promise<Maildrop> {
  const result = await store.open(user);
  if (!result.ok) throw new Error(`open failed: ${result.code} ${result.reason}`);
  return result.maildrop;
}

for (const fsKind of fsKinds) {
  for (const kind of maildropKinds) {
    describe(`${kind.name} maildrop on ${fsKind.name}`, () => {
      let t: TestFs;
      let store: MaildropStore;
      beforeEach(async () => {
        t = await fsKind.create();
        store = kind.store(t.fs, t.root);
      });
      afterEach(() => t.dispose());

      it('gives a user without a mailbox an empty maildrop', async () => {
        const maildrop = await open(store, 'nobody');
        expect(maildrop.kind).toBe(kind.name);
        expect([...maildrop.messages]).toEqual([]);
        await maildrop.commit(new Set());
      });

      it('lists each message with the size of exactly what read() yields, in CRLF', async () => {
        await kind.deliver(t.fs, t.root, 'chris', mail);
        const maildrop = await open(store, 'chris');
        expect(maildrop.messages).toHaveLength(mail.length);
        for (let i = 0; i < mail.length; i++) {
          const content = await readAll(maildrop, i);
          expect(maildrop.messages.at(i)!.size).toBe(content.length);
        }
        // quoting and dots are left to the protocol layer; only the mbox's own quoting is undone
        expect(await readAllText(maildrop, 0)).toBe(crlf(first));
        expect(await readAllText(maildrop, 3)).toBe(crlf(headerOnly));
        await maildrop.release();
      });

      it('byte-stuffs lines that begin with "." when asked, for RETR and for TOP', async () => {
        await kind.deliver(t.fs, t.root, 'chris', mail);
        const maildrop = await open(store, 'chris');
        const stuffed = crlf(first).replace('\r\n.a line', '\r\n..a line');
        expect(await readAllText(maildrop, 0, { dotStuffed: true })).toBe(stuffed);
        expect(await readAllText(maildrop, 0, { bodyLines: 2, dotStuffed: true })).toBe(
          stuffed.slice(0, stuffed.indexOf('From the start')),
        );
        // the size stays that of the message before stuffing (RFC 1939 §5)
        expect(maildrop.messages.at(0)!.size).toBe(crlf(first).length);
        await maildrop.release();
      });

      it('answers TOP with the header, the blank line and n body lines', async () => {
        await kind.deliver(t.fs, t.root, 'chris', mail);
        const maildrop = await open(store, 'chris');
        const header = 'From: Dave <dave@example.test>\r\nSubject: lines\r\n\r\n';
        expect(await readAllText(maildrop, 4, { bodyLines: 0 })).toBe(header);
        expect(await readAllText(maildrop, 4, { bodyLines: 2 })).toBe(
          `${header}line 1\r\nline 2\r\n`,
        );
        expect(await readAllText(maildrop, 4, { bodyLines: 500 })).toBe(crlf(long));
        await maildrop.release();
      });

      it('gives unique ids that stay the same in the next session, even for identical messages', async () => {
        await kind.deliver(t.fs, t.root, 'chris', mail);
        const before = await open(store, 'chris');
        const uids = [...before.messages].map((m) => m.uid);
        expect(new Set(uids).size).toBe(uids.length);
        for (const uid of uids) expect(uid).toMatch(/^[\x21-\x7e]{1,70}$/);
        await before.release();
        const after = await open(store, 'chris');
        expect([...after.messages].map((m) => m.uid)).toEqual(uids);
        await after.release();
      });

      it('removes the deleted messages on commit and keeps the others intact', async () => {
        await kind.deliver(t.fs, t.root, 'chris', mail);
        const before = await open(store, 'chris');
        const kept = [0, 2, 4];
        const keptContent = await Promise.all(kept.map((i) => readAllText(before, i)));
        const keptUids = kept.map((i) => before.messages.at(i)!.uid);
        await before.commit(new Set([1, 3]));

        const after = await open(store, 'chris');
        expect([...after.messages].map((m) => m.uid)).toEqual(keptUids);
        for (let i = 0; i < kept.length; i++) {
          expect(await readAllText(after, i)).toBe(keptContent[i]);
        }
        await after.release();
      });

      it('deletes nothing when the session ends without commit', async () => {
        await kind.deliver(t.fs, t.root, 'chris', mail);
        const before = await open(store, 'chris');
        await before.release();
        const after = await open(store, 'chris');
        expect(after.messages).toHaveLength(mail.length);
        await after.release();
      });

      it('can empty the maildrop completely', async () => {
        await kind.deliver(t.fs, t.root, 'chris', mail);
        const before = await open(store, 'chris');
        await before.commit(new Set(mail.map((_, i) => i)));
        const after = await open(store, 'chris');
        expect([...after.messages]).toEqual([]);
        await after.release();
      });

      it('locks the maildrop for the session: a second login is told IN-USE', async () => {
        await kind.deliver(t.fs, t.root, 'chris', mail);
        const session = await open(store, 'chris');
        const second = await store.open('chris');
        expect(second).toMatchObject({ ok: false, code: 'IN-USE' });
        // another store over the same files (another server process, for the real directory)
        const other = await kind.store(t.fs, t.root).open('chris');
        expect(other).toMatchObject({ ok: false, code: 'IN-USE' });
        await session.release();
        const third = await open(store, 'chris');
        await third.commit(new Set([0]));
        const fourth = await open(store, 'chris');
        expect(fourth.messages).toHaveLength(mail.length - 1);
        await fourth.release();
      });

      it('keeps one user locked without blocking another', async () => {
        await kind.deliver(t.fs, t.root, 'chris', mail);
        const chris = await open(store, 'chris');
        const alice = await open(store, 'alice');
        await chris.release();
        await alice.release();
      });

      it('releases idempotently, and refuses to be used afterwards', async () => {
        await kind.deliver(t.fs, t.root, 'chris', mail);
        const maildrop = await open(store, 'chris');
        await maildrop.release();
        await maildrop.release();
        await expect(maildrop.commit(new Set([0]))).rejects.toMatchObject({ code: 'SYS/TEMP' });
        await expect(readAll(maildrop, 0)).rejects.toMatchObject({ code: 'SYS/TEMP' });
        if (maildrop.readNow !== undefined) {
          expect(() => maildrop.readNow!(0)).toThrow(expect.objectContaining({ code: 'SYS/TEMP' }));
        }
        const again = await open(store, 'chris');
        expect(again.messages).toHaveLength(mail.length);
        await again.release();
      });

      it('releases the lock when commit is given a message that does not exist', async () => {
        await kind.deliver(t.fs, t.root, 'chris', mail);
        const maildrop = await open(store, 'chris');
        await expect(maildrop.commit(new Set([mail.length]))).rejects.toThrow(RangeError);
        const again = await open(store, 'chris');
        expect(again.messages).toHaveLength(mail.length);
        await again.release();
      });

      it('keeps mail delivered during the session, and does not show it until the next one', async () => {
        await kind.deliver(t.fs, t.root, 'chris', mail);
        const session = await open(store, 'chris');
        const late =
          'From: Erin <erin@example.test>\nSubject: late\n\nArrived during the session.\n';
        await kind.deliverDuringSession(t.fs, t.root, 'chris', late);
        expect(session.messages).toHaveLength(mail.length);
        await session.commit(new Set([0, 1, 2, 3, 4]));
        const next = await open(store, 'chris');
        expect(next.messages).toHaveLength(1);
        expect(await readAllText(next, 0)).toBe(crlf(late));
        await next.release();
      });

      it('refuses names that are not plain user names before touching any file', async () => {
        for (const user of [
          '',
          '..',
          '../etc/passwd',
          'a/b',
          'nul\0',
          'tab\tname',
          '.hidden',
          'x'.repeat(65),
        ]) {
          expect(await store.open(user)).toMatchObject({ ok: false, code: 'SYS/PERM' });
        }
      });

      it('lets reads run to completion or stop half way without leaking the lock', async () => {
        await kind.deliver(t.fs, t.root, 'chris', [long]);
        const maildrop = await open(store, 'chris');
        for await (const _chunk of maildrop.read(0)) break;
        await maildrop.release();
        const again = await open(store, 'chris');
        await again.release();
      });
    });
  }
}
