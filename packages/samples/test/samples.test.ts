// The sample mailboxes as a student meets them: through `cat` on the file system, and through
// POP3 (here, the maildrop the engine would open).
import { afterEach, describe, expect, it } from 'vitest';
import { appendToMbox, type MaildropStore } from '@pop3-lab/core';
import {
  FLOOD_REAL_MESSAGE,
  FLOOD_SIZE,
  createSampleStore,
  sampleMboxes,
  sampleUsers,
  seedSamples,
} from '../src';
import { diskFs, memoryFs, openMaildrop, readText, subjectOf, type SampleFs } from './support';

const decoder = new TextDecoder();

for (const makeFs of [memoryFs, diskFs]) {
  describe(`the samples on ${makeFs === memoryFs ? 'memfs' : 'a real directory'}`, () => {
    let t: SampleFs;
    let store: MaildropStore;
    const setUp = async () => {
      t = await makeFs();
      await seedSamples(t.fs, { root: t.root });
      store = createSampleStore(t.fs, { root: t.root });
    };
    afterEach(() => t.dispose());

    it('writes each mbox at its classic path, raw: cat shows the pseudo-message', async () => {
      await setUp();
      const raw = decoder.decode(await t.fs.readFile(`${t.root}/var/spool/mail/chris`));
      expect(raw.startsWith('From MAILER-DAEMON ')).toBe(true);
      expect(raw).toContain("Subject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA");
      expect(raw).toContain('X-IMAP: ');
      expect((raw.match(/^From /gm) ?? []).length).toBe(4);
    });

    it('shows chris three messages over POP3: System Events, Fail2Ban, a test', async () => {
      await setUp();
      const chris = await openMaildrop(store, 'chris');
      expect(chris.kind).toBe('mbox');
      expect(chris.messages).toHaveLength(3);
      const texts = await Promise.all([0, 1, 2].map((i) => readText(chris, i)));
      expect(subjectOf(texts[0]!)).toMatch(/System Events$/);
      expect(subjectOf(texts[1]!)).toMatch(/^\[Fail2Ban\] sshd: banned /);
      expect(subjectOf(texts[2]!)).toBe('Essai');
      for (let i = 0; i < 3; i++) {
        expect(chris.messages.at(i)!.size).toBe(new TextEncoder().encode(texts[i]).length);
        expect(texts[i]).not.toMatch(/[^\r]\n/);
        expect(texts[i]).not.toMatch(/^Status:/m);
      }
      expect(texts[2]).toContain('Bonjour Chris,\r\n');
      await chris.release();
    });

    it('answers the walk-through: TOP 1 1 gives the header and one line of the report', async () => {
      await setUp();
      const chris = await openMaildrop(store, 'chris');
      const top = await readText(chris, 0, { bodyLines: 1 });
      expect(top).toMatch(/\r\n\r\nSystem Events\r\n$/);
      await chris.commit(new Set());
    });

    it('keeps the pseudo-message in the file when chris deletes all his mail', async () => {
      await setUp();
      const chris = await openMaildrop(store, 'chris');
      await chris.commit(new Set([0, 1, 2]));
      const raw = decoder.decode(await t.fs.readFile(`${t.root}/var/spool/mail/chris`));
      expect(raw).toContain('FOLDER INTERNAL DATA');
      expect((raw.match(/^From /gm) ?? []).length).toBe(1);
      const again = await openMaildrop(store, 'chris');
      expect(again.messages).toHaveLength(0);
      await again.release();
    });

    it('gives alice a Maildir whose new message moves to cur/ when she logs in', async () => {
      await setUp();
      const maildir = `${t.root}/home/alice/Maildir`;
      expect(await t.fs.readdir(`${maildir}/new`)).toHaveLength(1);
      expect(await t.fs.readdir(`${maildir}/cur`)).toHaveLength(3);
      const alice = await openMaildrop(store, 'alice');
      expect(alice.kind).toBe('maildir');
      expect(alice.messages).toHaveLength(4);
      expect(await t.fs.readdir(`${maildir}/new`)).toHaveLength(0);
      expect(subjectOf(await readText(alice, 3))).toBe('Re: Lunch on Thursday?');
      expect(alice.messages.at(0)!.uid).toBe('1772438400.M120031P3121.mail.example.test');
      for (let i = 0; i < 4; i++) {
        expect(alice.messages.at(i)!.size).toBe(
          new TextEncoder().encode(await readText(alice, i)).length,
        );
      }
      await alice.release();
    });

    it('floods one user with junk and hides one real message at a known place', async () => {
      await setUp();
      const flooded = await openMaildrop(store, 'flooded');
      expect(flooded.messages).toHaveLength(FLOOD_SIZE + 1);
      const real = await readText(flooded, FLOOD_REAL_MESSAGE - 1, { bodyLines: 0 });
      expect(subjectOf(real)).toMatch(/^The real one/);
      const other = await readText(flooded, FLOOD_REAL_MESSAGE, { bodyLines: 0 });
      expect(subjectOf(other)).not.toMatch(/^The real one/);
      // the clear-it-all exercise
      const junk = new Set(
        [...flooded.messages].map((_, i) => i).filter((i) => i !== FLOOD_REAL_MESSAGE - 1),
      );
      await flooded.commit(junk);
      const after = await openMaildrop(store, 'flooded');
      expect(after.messages).toHaveLength(1);
      expect(subjectOf(await readText(after, 0))).toMatch(/^The real one/);
      await after.release();
    });

    it('puts the hard cases in the edge box, each as a client must see it', async () => {
      await setUp();
      const edge = await openMaildrop(store, 'edge');
      expect(edge.messages).toHaveLength(6);
      const texts = await Promise.all([...edge.messages].map((_, i) => readText(edge, i)));
      texts.forEach((text, i) => {
        expect(edge.messages.at(i)!.size).toBe(new TextEncoder().encode(text).length);
      });
      expect(texts[0]).toContain('\r\n.\r\n..\r\n');
      expect(texts[0]).toContain('\r\nFrom the start of a line,');
      expect(texts[0]).toContain('\r\n>From here on, this line was already quoted');
      expect(subjectOf(texts[1]!)).toBe('Café, crème brûlée — ünïcödé ✓ 日本語 🎉');
      expect(texts[2]).toContain('Content-Disposition: attachment; filename="icon.png"');
      expect(texts[3]).toMatch(/\r\n\r\n$/);
      expect(texts[4]).toContain('This line ends with LF.\r\nThis one ends with CRLF.\r\n\r\n');
      expect(texts[5]).toMatch(/\r\n[0-9]{998}\r\n/);
      expect(edge.messages.at(5)!.uid).toBe('edge-long-line-0006');
      await edge.release();
    });

    it('has an empty box', async () => {
      await setUp();
      const empty = await openMaildrop(store, 'empty');
      expect([...empty.messages]).toEqual([]);
      await empty.release();
    });

    it('gives any other user an empty spool mailbox that mail can be delivered to', async () => {
      await setUp();
      const before = await openMaildrop(store, 'newcomer');
      expect([...before.messages]).toEqual([]);
      await before.release();
      await appendToMbox(t.fs, `${t.root}/var/spool/mail/newcomer`, [
        {
          message: new TextEncoder().encode('Subject: hi\n\nwelcome\n'),
          envelope: { sender: 'chris@passerelle.example.test', date: new Date() },
        },
      ]);
      const after = await openMaildrop(store, 'newcomer');
      expect(after.messages).toHaveLength(1);
      await after.release();
    });
  });
}

describe('the sample data', () => {
  it('is the same on every call', () => {
    const a = sampleMboxes();
    const b = sampleMboxes();
    for (const [user, bytes] of a) {
      expect(Buffer.from(b.get(user)!).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('exists for every mbox user', () => {
    const mboxes = sampleMboxes();
    for (const user of sampleUsers.filter((u) => u.format === 'mbox')) {
      expect(mboxes.has(user.user)).toBe(true);
    }
  });

  it('uses only reserved example domains in addresses', () => {
    for (const bytes of sampleMboxes().values()) {
      const text = decoder.decode(bytes);
      for (const [, domain] of text.matchAll(/[\w.+-]+@([\w.-]+\w)/g)) {
        expect(domain).toMatch(/(^|\.)example\.(test|net|org|com)$/);
      }
    }
  });
});
