// Writing mail the way delivery agents do, and reading it back unchanged.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendToMbox,
  asctime,
  createMboxStore,
  deliverToMaildir,
  formatFromLine,
  mboxEntry,
  type Maildrop,
} from '../../src';
import { bytes, concat, crlf, memfsKind, readAll, text, type TestFs } from './helpers';

const envelope = { sender: 'bob@example.test', date: new Date(Date.UTC(2026, 2, 2, 7, 5, 9)) };

describe('the "From " line', () => {
  it('carries the sender and an asctime date with a space-padded day', () => {
    expect(asctime(envelope.date)).toBe('Mon Mar  2 07:05:09 2026');
    expect(formatFromLine('bob@example.test', envelope.date)).toBe(
      'From bob@example.test Mon Mar  2 07:05:09 2026',
    );
    expect(formatFromLine('', envelope.date)).toBe('From MAILER-DAEMON Mon Mar  2 07:05:09 2026');
  });
});

describe('mboxEntry', () => {
  it('quotes lines that could pass for separators, mboxrd style by default', () => {
    const entry = text(mboxEntry(bytes('Subject: q\n\nFrom me\n>From you\nFromage\n'), envelope));
    expect(entry).toBe(
      'From bob@example.test Mon Mar  2 07:05:09 2026\nSubject: q\n\n>From me\n>>From you\nFromage\n\n',
    );
    const mboxo = text(mboxEntry(bytes('Subject: q\n\nFrom me\n>From you\n'), envelope, 'mboxo'));
    expect(mboxo).toContain('\n>From me\n>From you\n');
  });

  it('ends the last line and adds the separating empty line', () => {
    expect(text(mboxEntry(bytes('Subject: x\n\nno end'), envelope))).toMatch(/\nno end\n\n$/);
  });
});

describe('appendToMbox', () => {
  let t: TestFs;
  beforeEach(async () => {
    t = await memfsKind.create();
  });
  afterEach(() => t.dispose());

  const open = async (): Promise<Maildrop> => {
    const result = await createMboxStore(t.fs, {
      spoolDir: `${t.root}/spool`,
      hiddenHeaders: [],
    }).open('u');
    if (!result.ok) throw new Error(result.reason);
    return result.maildrop;
  };

  it('adds a missing separator before the new entry', async () => {
    await t.fs.mkdir(`${t.root}/spool`);
    await t.fs.writeFile(
      `${t.root}/spool/u`,
      bytes('From a@x.test Mon Mar  2 07:00:00 2026\nSubject: a\n\nno blank after'),
    );
    await appendToMbox(t.fs, `${t.root}/spool/u`, [
      { message: bytes('Subject: b\n\nb\n'), envelope },
    ]);
    const maildrop = await open();
    expect(maildrop.messages).toHaveLength(2);
    await maildrop.release();
  });

  it('is refused while a session holds the lock, unless told to ignore it', async () => {
    await appendToMbox(t.fs, `${t.root}/spool/u`, [
      { message: bytes('Subject: a\n\na\n'), envelope },
    ]);
    const maildrop = await open();
    await expect(
      appendToMbox(t.fs, `${t.root}/spool/u`, [{ message: bytes('Subject: b\n\nb\n'), envelope }]),
    ).rejects.toMatchObject({ code: 'IN-USE' });
    await appendToMbox(
      t.fs,
      `${t.root}/spool/u`,
      [{ message: bytes('Subject: b\n\nb\n'), envelope }],
      {
        lock: false,
      },
    );
    await maildrop.release();
  });

  it('round-trips any message through mboxrd: what is read back is the message in CRLF', async () => {
    const line = fc.oneof(
      fc.constantFrom(
        'From x',
        '>From y',
        '>>>From z',
        'From',
        '',
        '.',
        'plain',
        'From a@b.test Mon Mar  2 07:00:00 2026',
      ),
      fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, '')),
    );
    const message = fc
      .tuple(
        fc.array(fc.constantFrom('Subject: s', 'To: t@example.test', 'X-UID: 3'), { maxLength: 3 }),
        fc.array(line, { maxLength: 8 }),
      )
      .map(
        ([header, body]) =>
          `${header.join('\n')}${header.length ? '\n' : ''}\n${body.join('\n')}${body.length ? '\n' : ''}`,
      );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 4 }), async (messages) => {
        const path = `${t.root}/spool/u${++n}`;
        await appendToMbox(
          t.fs,
          path,
          messages.map((m) => ({ message: bytes(m), envelope })),
        );
        const result = await createMboxStore(t.fs, {
          spoolDir: `${t.root}/spool`,
          hiddenHeaders: [],
        }).open(`u${n}`);
        if (!result.ok) throw new Error(result.reason);
        const read = await Promise.all(messages.map((_, i) => readAll(result.maildrop, i)));
        expect(result.maildrop.messages).toHaveLength(messages.length);
        expect(read.map(text)).toEqual(messages.map(crlf));
        await result.maildrop.release();
      }),
      { numRuns: 100 },
    );
  });
});

describe('deliverToMaildir', () => {
  let t: TestFs;
  beforeEach(async () => {
    t = await memfsKind.create();
  });
  afterEach(() => t.dispose());

  it('writes through tmp/ and names the file with its sizes', async () => {
    const content = bytes('Subject: x\n\nline\r\nline\n');
    const name = await deliverToMaildir(t.fs, `${t.root}/md`, content, {
      unique: '1700000000.M1P1.h',
    });
    expect(name).toBe('1700000000.M1P1.h,S=23,W=26');
    expect(await t.fs.readdir(`${t.root}/md/tmp`)).toEqual([]);
    expect(concat([await t.fs.readFile(`${t.root}/md/new/${name}`)])).toEqual(content);
    const seen = await deliverToMaildir(t.fs, `${t.root}/md`, content, {
      unique: '1700000000.M2P1.h',
      folder: 'cur',
      flags: 'S',
    });
    expect(seen).toBe('1700000000.M2P1.h,S=23,W=26:2,S');
  });

  it('makes names unique by itself', async () => {
    const names = new Set<string>();
    for (let i = 0; i < 20; i++)
      names.add(await deliverToMaildir(t.fs, `${t.root}/md`, bytes('x\n')));
    expect(names.size).toBe(20);
  });
});
