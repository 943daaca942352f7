/**
 * Concurrency on one mailbox: deliveries arriving while sessions are open and while they
 * commit (none may be lost), two sessions at once (the second gets [IN-USE], RFC 2449 §8.1.2),
 * and a lock left behind by a killed process (recovered at once when its owner is known dead,
 * by age otherwise). On real files, so that the work really interleaves.
 *
 * An mbox delivery agent must take the dot-lock, as Postfix's local(8), procmail and
 * mail.local do: one that appends without it *while* UPDATE renames the rewritten file can
 * write into the file being replaced. `npm run reliability -- concurrency` measures that.
 */
import { spawn } from 'node:child_process';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { utf8Encode } from '@pop3-lab/protocol';
import {
  appendToMbox,
  createMaildirStore,
  createMboxStore,
  createMemoryStore,
  createPop3Session,
  deliverToMaildir,
  MaildropError,
  staticAuthenticator,
  type MailFs,
  type MaildropStore,
} from '../../src';
import { Conversation } from './fuzz/drive';
import { FaultyFs } from './support/faulty-fs';

const fs = nodeFs as unknown as MailFs;
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => nodeFs.rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await nodeFs.mkdtemp(join(tmpdir(), 'pop3-concurrency-'));
  dirs.push(dir);
  return dir;
}

const letter = (n: number) =>
  utf8Encode(
    `Message-ID: <d${n}@lab.example>\nSubject: delivery ${n}\n\nDelivered while you read, number ${n}.\nFrom a line an mbox quotes.\n`,
  );
const idOf = (text: string) => Number(/delivery (\d+)/.exec(text)?.[1]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sessions of chris, one after another, each deleting the two oldest messages it sees. */
async function reader(store: MaildropStore, counting: FaultyFs, until: () => boolean) {
  const deleted: number[] = [];
  let sessions = 0;
  let inUse = 0;
  while (!until()) {
    const session = createPop3Session({
      maildrops: store,
      authenticator: staticAuthenticator({ chris: 'epikoi' }),
      hostname: 'lab.example',
      greetingToken: `${sessions}.1`,
      tls: 'unavailable',
      allowPlaintextAuth: true,
    });
    const client = new Conversation(session, { inFlight: counting.inFlight });
    await client.quiet();
    await client.command('USER chris');
    const [pass] = await client.command('PASS epikoi');
    if (!pass!.startsWith('+OK')) {
      // The delivery agent holds the lock for a moment: like a mail client, come back later.
      expect(pass).toMatch(/^-ERR \[IN-USE\]/);
      inUse++;
      await client.hangUp();
      await sleep(2);
      continue;
    }
    sessions++;
    const [stat] = await client.command('STAT');
    const count = Number(stat!.split(' ')[1]);
    const doomed: number[] = [];
    for (let n = 1; n <= Math.min(2, count); n++) {
      const from = client.run.steps.length;
      await client.command(`RETR ${n}`);
      const sent = client.run.steps
        .slice(from)
        .flatMap((s) => (s.type === 'send' ? [s.bytes] : []));
      doomed.push(idOf(sent.map((bytes) => new TextDecoder().decode(bytes)).join('')));
      expect((await client.command(`DELE ${n}`))[0]).toMatch(/^\+OK/);
    }
    const [quit] = await client.command('QUIT');
    expect(quit).toMatch(/^\+OK/);
    deleted.push(...doomed);
    await client.hangUp();
  }
  return { deleted, sessions, inUse };
}

async function remaining(store: MaildropStore): Promise<number[]> {
  const opened = await store.open('chris');
  if (!opened.ok) throw new Error(opened.reason);
  const ids: number[] = [];
  for (let i = 0; i < opened.maildrop.messages.length; i++) {
    let text = '';
    for await (const chunk of opened.maildrop.read(i)) text += new TextDecoder().decode(chunk);
    expect(text, `message ${i + 1} is whole`).toMatch(
      /number \d+\.\r\nFrom a line an mbox quotes\.\r\n$/,
    );
    ids.push(idOf(text));
  }
  await opened.maildrop.release();
  return ids;
}

describe('deliveries during sessions and their UPDATE', () => {
  test('mbox: a delivery agent that honours the dot-lock never loses a message', async () => {
    const dir = await tempDir();
    const counting = new FaultyFs(fs);
    const store = createMboxStore(counting, { spoolDir: dir });
    const total = 80;
    let delivered = 0;
    let waits = 0;
    const agent = (async () => {
      for (let n = 1; n <= total; n++) {
        for (;;) {
          try {
            await appendToMbox(fs, join(dir, 'chris'), [
              { message: letter(n), envelope: { sender: 'mda@lab.example', date: new Date() } },
            ]);
            break;
          } catch (error) {
            // The mailbox is locked by a session: try again shortly, as procmail does.
            if (!(error instanceof MaildropError && error.code === 'IN-USE')) throw error;
            waits++;
            await sleep(1);
          }
        }
        delivered = n;
      }
    })();
    const { deleted, sessions } = await reader(store, counting, () => delivered === total);
    await agent;
    const left = await remaining(store);
    expect(sessions).toBeGreaterThan(5);
    expect(waits, 'deliveries met a session holding the lock').toBeGreaterThan(0);
    expect([...left, ...deleted].sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
  }, 30_000);

  test('mbox: mail appended without the lock while a session is open is kept by its UPDATE', async () => {
    const dir = await tempDir();
    const counting = new FaultyFs(fs);
    const store = createMboxStore(counting, { spoolDir: dir });
    await appendToMbox(
      fs,
      join(dir, 'chris'),
      [1, 2, 3].map((n) => ({
        message: letter(n),
        envelope: { sender: 'mda@lab.example', date: new Date() },
      })),
    );
    const session = createPop3Session({
      maildrops: store,
      authenticator: staticAuthenticator({ chris: 'epikoi' }),
      hostname: 'lab.example',
      greetingToken: '1.1',
      tls: 'unavailable',
      allowPlaintextAuth: true,
    });
    const client = new Conversation(session, { inFlight: counting.inFlight });
    await client.quiet();
    await client.command('USER chris');
    await client.command('PASS epikoi');
    await client.command('DELE 2');
    // A delivery agent that does not wait for the lock appends two messages mid-session.
    for (const n of [4, 5]) {
      await appendToMbox(
        fs,
        join(dir, 'chris'),
        [{ message: letter(n), envelope: { sender: 'mda@lab.example', date: new Date() } }],
        { lock: false },
      );
    }
    expect(await client.command('QUIT')).toEqual([expect.stringMatching(/^\+OK/)]);
    await client.hangUp();
    expect(await remaining(store)).toEqual([1, 3, 4, 5]);
  });

  test('mbox: mail appended without the lock while UPDATE flushes its new file is kept', async () => {
    const dir = await tempDir();
    const path = join(dir, 'chris');
    const envelope = () => ({ sender: 'mda@lab.example', date: new Date() });
    await appendToMbox(
      fs,
      path,
      [1, 2, 3].map((n) => ({ message: letter(n), envelope: envelope() })),
    );
    // A file system on which flushing the rewritten mailbox takes long enough for a careless
    // delivery agent to append a message meanwhile.
    let appended = false;
    const slowFlush: MailFs = {
      ...(nodeFs as unknown as MailFs),
      open: async (file, flags, mode) => {
        const handle = await fs.open(file, flags, mode);
        if (!file.endsWith('.rewrite')) return handle;
        return {
          ...handle,
          read: handle.read.bind(handle),
          write: handle.write.bind(handle),
          stat: handle.stat.bind(handle),
          close: handle.close.bind(handle),
          sync: async () => {
            if (!appended) {
              appended = true;
              await appendToMbox(fs, path, [{ message: letter(4), envelope: envelope() }], {
                lock: false,
              });
            }
            await handle.sync();
          },
        };
      },
    };
    const store = createMboxStore(slowFlush, { spoolDir: dir });
    const opened = await store.open('chris');
    if (!opened.ok) throw new Error(opened.reason);
    await opened.maildrop.commit(new Set([1]));
    expect(appended).toBe(true);
    expect(await remaining(createMboxStore(fs, { spoolDir: dir }))).toEqual([1, 3, 4]);
  });

  test('Maildir: messages dropped into new/ during sessions and UPDATEs are all kept', async () => {
    const dir = await tempDir();
    const root = join(dir, 'chris');
    const counting = new FaultyFs(fs);
    const store = createMaildirStore(counting, { pathFor: () => root });
    const total = 80;
    let delivered = 0;
    const agent = (async () => {
      for (let n = 1; n <= total; n++) {
        await deliverToMaildir(fs, root, letter(n), { unique: `${1_772_431_200 + n}.M${n}P1.lab` });
        delivered = n;
        await sleep(1);
      }
    })();
    const { deleted, sessions } = await reader(store, counting, () => delivered === total);
    await agent;
    const left = await remaining(store);
    expect(sessions).toBeGreaterThan(5);
    expect([...left, ...deleted].sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
  }, 30_000);
});

describe('two sessions on one maildrop', () => {
  interface Kind {
    prepare(dir: string): Promise<unknown>;
    store(dir: string, fs: MailFs): MaildropStore;
  }
  const kinds: [string, Kind][] = [
    [
      'mbox',
      {
        prepare: (dir) =>
          appendToMbox(fs, join(dir, 'chris'), [
            { message: letter(1), envelope: { sender: 'a@b', date: new Date() } },
          ]),
        store: (dir, f) => createMboxStore(f, { spoolDir: dir, lockOwner: 'server-a' }),
      },
    ],
    [
      'Maildir',
      {
        prepare: (dir) => deliverToMaildir(fs, join(dir, 'chris'), letter(1)),
        store: (dir, f) =>
          createMaildirStore(f, { pathFor: () => join(dir, 'chris'), lockOwner: 'server-a' }),
      },
    ],
  ];
  test.each(kinds)(
    '%s: the second gets [IN-USE], in this process and from another one',
    async (_, kind) => {
      const dir = await tempDir();
      await kind.prepare(dir);
      const store = kind.store(dir, fs);
      const first = await store.open('chris');
      expect(first.ok).toBe(true);
      expect(await store.open('chris')).toMatchObject({ ok: false, code: 'IN-USE' });
      // Another process: another file system object, so only the lock file stands in the way.
      const other = kind.store(dir, { ...nodeFs } as unknown as MailFs);
      expect(await other.open('chris')).toMatchObject({
        ok: false,
        code: 'IN-USE',
        reason: expect.stringContaining('server-a'),
      });
      if (first.ok) await first.maildrop.release();
      const after = await other.open('chris');
      expect(after.ok).toBe(true);
      if (after.ok) await after.maildrop.release();
    },
  );

  test('memory: the second gets [IN-USE] until the first leaves', async () => {
    const store = createMemoryStore({ chris: ['Subject: a\n\nb\n'] });
    const first = await store.open('chris');
    expect(await store.open('chris')).toMatchObject({ ok: false, code: 'IN-USE' });
    if (first.ok) await first.maildrop.release();
    expect((await store.open('chris')).ok).toBe(true);
  });
});

describe('a lock left behind by a killed process', () => {
  const holder = new URL('./support/lock-holder.ts', import.meta.url).pathname;
  const pidAlive = (owner: string) => {
    const pid = Number(owner);
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  test.each(['mbox', 'maildir'])(
    '%s: refused while its owner lives, recovered as soon as it is killed',
    async (format) => {
      const dir = await tempDir();
      const where = format === 'mbox' ? dir : join(dir, 'chris');
      if (format === 'mbox')
        await appendToMbox(fs, join(dir, 'chris'), [
          { message: letter(1), envelope: { sender: 'a@b', date: new Date() } },
        ]);
      else await deliverToMaildir(fs, where, letter(1));
      const child = spawn(process.execPath, ['--import', 'tsx', holder, format, where], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      let stderr = '';
      child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (data: Buffer) => data.toString().includes('locked') && resolve());
        child.on('exit', () => reject(new Error(`the lock holder died: ${stderr}`)));
      });
      const store =
        format === 'mbox'
          ? createMboxStore(fs, { spoolDir: dir, isLockOwnerAlive: pidAlive })
          : createMaildirStore(fs, { pathFor: () => where, isLockOwnerAlive: pidAlive });
      expect(await store.open('chris')).toMatchObject({ ok: false, code: 'IN-USE' });
      child.kill('SIGKILL');
      await exited;
      const recovered = await store.open('chris');
      expect(recovered.ok).toBe(true);
      if (recovered.ok) {
        expect(recovered.maildrop.messages).toHaveLength(1);
        await recovered.maildrop.release();
      }
    },
    30_000,
  );

  test('whose owner cannot be asked: recovered once it is older than lockStaleMs', async () => {
    const dir = await tempDir();
    await appendToMbox(fs, join(dir, 'chris'), [
      { message: letter(1), envelope: { sender: 'a@b', date: new Date() } },
    ]);
    // A delivery agent's lock: empty, no owner to ask about.
    await nodeFs.writeFile(join(dir, 'chris.lock'), '');
    const store = createMboxStore(fs, { spoolDir: dir, lockStaleMs: 60_000 });
    expect(await store.open('chris')).toMatchObject({ ok: false, code: 'IN-USE' });
    const past = (Date.now() - 61_000) / 1000;
    await nodeFs.utimes(join(dir, 'chris.lock'), past, past);
    const recovered = await store.open('chris');
    expect(recovered.ok).toBe(true);
    if (recovered.ok) await recovered.maildrop.release();
    expect(await nodeFs.readdir(dir)).toEqual(['chris']);
  });
});
