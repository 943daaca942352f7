// Maildir specifics: new/ to cur/, what is ignored, size hints, names that change under us.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMaildirStore,
  deliverToMaildir,
  maildirUid,
  parseMaildirName,
  wireSize,
  type Maildrop,
  type MailFs,
} from '../../src';
import { compareMaildirNames } from '../../src/maildrops/maildir-names';
import {
  bytes,
  concat,
  countingFs,
  crlf,
  fsKinds,
  nodeKind,
  readAllText,
  type TestFs,
} from './helpers';

const message = (n: number) => `Subject: note ${n}\n\nThis is note ${n}.\n`;

for (const fsKind of fsKinds) {
  describe(`Maildir on ${fsKind.name}`, () => {
    let t: TestFs;
    let root: string;
    const store = (fs: MailFs = t.fs) => createMaildirStore(fs, { pathFor: () => root });
    const open = async (fs: MailFs = t.fs): Promise<Maildrop> => {
      const result = await store(fs).open('alice');
      if (!result.ok) throw new Error(`${result.code} ${result.reason}`);
      return result.maildrop;
    };
    const put = async (folder: 'cur' | 'new' | 'tmp', name: string, content: string) => {
      await t.fs.mkdir(`${root}/${folder}`, { recursive: true });
      await t.fs.writeFile(`${root}/${folder}/${name}`, bytes(content));
    };
    beforeEach(async () => {
      t = await fsKind.create();
      root = `${t.root}/Maildir`;
    });
    afterEach(() => t.dispose());

    it('moves new mail to cur/ when a session opens, adding the info part', async () => {
      await put('cur', '1700000001.M1P1.host:2,S', message(1));
      await put('new', '1700000002.M2P1.host', message(2));
      const maildrop = await open();
      expect(maildrop.messages).toHaveLength(2);
      expect(await t.fs.readdir(`${root}/new`)).toEqual([]);
      expect((await t.fs.readdir(`${root}/cur`)).sort()).toEqual([
        '1700000001.M1P1.host:2,S',
        '1700000002.M2P1.host:2,',
      ]);
      expect([...maildrop.messages].map((m) => m.uid)).toEqual([
        '1700000001.M1P1.host',
        '1700000002.M2P1.host',
      ]);
      await maildrop.release();
    });

    it('ignores tmp/, dot-files and directories', async () => {
      await put('cur', '1700000001.M1P1.host:2,', message(1));
      await put('tmp', '1700000003.M3P1.host', 'half written');
      await put('cur', '.hidden', 'not mail');
      await put('new', '.also-hidden', 'not mail');
      await t.fs.mkdir(`${root}/cur/sub`, { recursive: true });
      const maildrop = await open();
      expect(maildrop.messages).toHaveLength(1);
      await maildrop.release();
    });

    it('lists messages in delivery order, comparing numbers as numbers', async () => {
      for (const n of [10, 9, 100, 11]) await put('cur', `1700000000.M${n}P1.host:2,`, message(n));
      const maildrop = await open();
      const subjects = [];
      for (let i = 0; i < 4; i++) subjects.push((await readAllText(maildrop, i)).split('\r\n')[0]);
      expect(subjects).toEqual([
        'Subject: note 9',
        'Subject: note 10',
        'Subject: note 11',
        'Subject: note 100',
      ]);
      await maildrop.release();
    });

    it('uses a ,W= size hint without reading the file when ,S= matches it', async () => {
      const content = bytes(message(1));
      const name = `1700000001.M1P1.host,S=${content.length},W=${wireSize(content)}:2,S`;
      await put('cur', name, message(1));
      const counting = countingFs(t.fs);
      const maildrop = await open(counting.fs);
      expect(maildrop.messages.at(0)!.size).toBe(crlf(message(1)).length);
      expect(counting.calls.get('open')?.filter((p) => p.includes('/cur/')) ?? []).toEqual([]);
      await maildrop.release();
    });

    it('measures the file when a size hint disagrees with it', async () => {
      await put('cur', '1700000001.M1P1.host,S=5,W=7:2,S', message(1));
      await put('cur', '1700000002.M2P1.host,S=999:2,S', message(2));
      const maildrop = await open();
      expect([...maildrop.messages].map((m) => m.size)).toEqual([
        crlf(message(1)).length,
        crlf(message(2)).length,
      ]);
      expect(maildrop.messages.at(0)!.uid).toBe('1700000001.M1P1.host');
      await maildrop.release();
    });

    it('still reads and deletes a message whose flags another program changed', async () => {
      await put('cur', '1700000001.M1P1.host:2,', message(1));
      await put('cur', '1700000002.M2P1.host:2,', message(2));
      const maildrop = await open();
      await t.fs.rename(
        `${root}/cur/1700000001.M1P1.host:2,`,
        `${root}/cur/1700000001.M1P1.host:2,FS`,
      );
      // The read without a wait does not search; the read that may wait finds the new name.
      expect(maildrop.readNow?.(0)).toBeUndefined();
      expect(await readAllText(maildrop, 0)).toBe(crlf(message(1)));
      await t.fs.unlink(`${root}/cur/1700000002.M2P1.host:2,`);
      await maildrop.commit(new Set([0, 1]));
      expect(await t.fs.readdir(`${root}/cur`)).toEqual([]);
    });

    it('reads a message file as listed, even one whose length changed since', async () => {
      await put('cur', '1700000001.M1P1.host:2,', message(1));
      await put('cur', '1700000002.M2P1.host:2,', message(2));
      const maildrop = await open();
      // Never done by a sound delivery agent; the read must still give whole, current lines.
      await t.fs.writeFile(`${root}/cur/1700000001.M1P1.host:2,`, bytes(`${message(1)}more\n`));
      await t.fs.writeFile(`${root}/cur/1700000002.M2P1.host:2,`, bytes('Subject: x\n\n'));
      expect(await readAllText(maildrop, 0)).toBe(crlf(message(1)));
      expect(await readAllText(maildrop, 1)).toBe('Subject: x\r\n\r\n');
      await maildrop.release();
    });

    it('tells a message removed by another program with SYS/TEMP', async () => {
      await put('cur', '1700000001.M1P1.host:2,', message(1));
      const maildrop = await open();
      await t.fs.unlink(`${root}/cur/1700000001.M1P1.host:2,`);
      expect(maildrop.readNow?.(0)).toBeUndefined();
      await expect(readAllText(maildrop, 0)).rejects.toMatchObject({ code: 'SYS/TEMP' });
      await maildrop.release();
    });

    it('keeps mail delivered during the session in new/ for the next one', async () => {
      await deliverToMaildir(t.fs, root, bytes(message(1)), { unique: '1700000001.M1P1.host' });
      const maildrop = await open();
      const late = await deliverToMaildir(t.fs, root, bytes(message(2)));
      await maildrop.commit(new Set([0]));
      expect(await t.fs.readdir(`${root}/new`)).toEqual([late]);
      const next = await open();
      expect(next.messages).toHaveLength(1);
      expect(await readAllText(next, 0)).toBe(crlf(message(2)));
      await next.release();
    });

    it('is IN-USE for another process while a session holds its lock file', async () => {
      await put('cur', '1700000001.M1P1.host:2,', message(1));
      const maildrop = await open();
      expect((await t.fs.readdir(root)).sort()).toContain('.pop3.lock');
      expect(await createMaildirStore(t.fs, { pathFor: () => root }).open('alice')).toMatchObject({
        ok: false,
        code: 'IN-USE',
      });
      await maildrop.release();
      expect(await t.fs.readdir(root)).not.toContain('.pop3.lock');
    });
  });
}

describe('Maildir names', () => {
  it('split into base, size hints and flags', () => {
    expect(parseMaildirName('1700000001.M1P1.host,S=120,W=124:2,RS')).toEqual({
      name: '1700000001.M1P1.host,S=120,W=124:2,RS',
      base: '1700000001.M1P1.host,S=120,W=124',
      storedSize: 120,
      wireSize: 124,
    });
    expect(parseMaildirName('1700000001.M1P1.host')).toMatchObject({ storedSize: undefined });
  });

  it('give unique ids without the size hints, hashing names that are not valid ids', () => {
    expect(maildirUid('1700000001.M1P1.host,S=120,W=124')).toBe('1700000001.M1P1.host');
    expect(maildirUid(`1700000001.M1P1.${'h'.repeat(80)}`)).toMatch(/^[0-9a-f]{32}$/);
    expect(maildirUid('1700000001.M1P1.hôte')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('sort in delivery order', () => {
    const names = [
      '1700000010.M2P1.a',
      '1700000009.M9P1.a',
      '1700000010.M10P1.a',
      '1700000010.M002P1.a',
    ];
    expect([...names].sort(compareMaildirNames)).toEqual([
      '1700000009.M9P1.a',
      '1700000010.M002P1.a',
      '1700000010.M2P1.a',
      '1700000010.M10P1.a',
    ]);
  });
});

// Read-ahead (read-ahead.ts): the files are read by blocking calls, as the server has them.
describe('Maildir read-ahead', () => {
  let t: TestFs;
  let root: string;
  let tasks: (() => void)[];
  let reads: string[];
  const runTasks = () => tasks.splice(0).forEach((task) => task());
  const open = async (): Promise<Maildrop> => {
    const fs: MailFs = {
      ...t.fs,
      readInto: (path, buffer) => (
        reads.push(path.slice(path.lastIndexOf('/') + 1, path.indexOf('.M'))),
        t.fs.readInto!(path, buffer)
      ),
    };
    const store = createMaildirStore(fs, {
      pathFor: () => root,
      readAhead: (task) => tasks.push(task),
    });
    const result = await store.open('alice');
    if (!result.ok) throw new Error(`${result.code} ${result.reason}`);
    return result.maildrop;
  };
  const text = (chunks: readonly Uint8Array[] | undefined) =>
    chunks === undefined ? undefined : new TextDecoder().decode(concat(chunks));
  beforeEach(async () => {
    t = await nodeKind.create();
    root = `${t.root}/Maildir`;
    tasks = [];
    reads = [];
    await t.fs.mkdir(`${root}/cur`, { recursive: true });
    for (let n = 1; n <= 3; n++) {
      await t.fs.writeFile(`${root}/cur/170000000${n}.M${n}P1.host:2,`, bytes(message(n)));
    }
  });
  afterEach(() => t.dispose());

  it('reads the next message after a RETR, so that it is at hand when asked for', async () => {
    const maildrop = await open();
    const stuffed = { dotStuffed: true };
    expect(text(maildrop.readNow!(0, stuffed))).toBe(crlf(message(1)));
    expect(reads).toEqual(['1700000001']);
    // Nothing more until the work under way is done; then message 2, once.
    expect(tasks).toHaveLength(1);
    runTasks();
    expect(reads).toEqual(['1700000001', '1700000002']);
    expect(text(maildrop.readNow!(1, stuffed))).toBe(crlf(message(2)));
    expect(reads).toHaveLength(2);
    runTasks();
    expect(text(maildrop.readNow!(2, stuffed))).toBe(crlf(message(3)));
    expect(reads).toEqual(['1700000001', '1700000002', '1700000003']);
    // Past the last message there is nothing to read ahead.
    expect(tasks).toEqual([]);
    await maildrop.release();
  });

  it('gives a message read ahead only to the request it fits: same message, RETR, same stuffing', async () => {
    const maildrop = await open();
    maildrop.readNow!(0, { dotStuffed: true });
    runTasks();
    // TOP of the next message, or RETR of another: read as usual, and the message read ahead dropped.
    expect(text(maildrop.readNow!(1, { bodyLines: 0, dotStuffed: true }))).toBe(
      'Subject: note 2\r\n\r\n',
    );
    expect(reads).toEqual(['1700000001', '1700000002', '1700000002']);
    expect(tasks).toEqual([]); // TOP reads nothing ahead
    maildrop.readNow!(0, { dotStuffed: true });
    runTasks();
    expect(text(maildrop.readNow!(1, { dotStuffed: false }))).toBe(crlf(message(2)));
    expect(reads).toHaveLength(6); // read ahead stuffed, asked for unstuffed: read again
    await maildrop.release();
  });

  it('reads nothing ahead once the session is over, and drops a read made before a newer request', async () => {
    const maildrop = await open();
    maildrop.readNow!(0);
    const stale = tasks.splice(0);
    maildrop.readNow!(2); // a newer request: the task scheduled before it fills nothing
    stale.forEach((task) => task());
    expect(reads).toEqual(['1700000001', '1700000003']);
    maildrop.readNow!(0);
    await maildrop.release();
    runTasks();
    expect(reads).toEqual(['1700000001', '1700000003', '1700000001']);
    expect(() => maildrop.readNow!(1)).toThrow(expect.objectContaining({ code: 'SYS/TEMP' }));
  });
});
