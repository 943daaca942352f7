/**
 * Abuse at the engine: a 100 MB line and a flood of pipelined lines never grow its memory,
 * and user names built to leave the spool never make a maildrop touch a path outside it —
 * even behind an authenticator that accepts everyone.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Volume } from 'memfs';
import { describe, expect, test } from 'vitest';
import { utf8Encode } from '@pop3-lab/protocol';
import {
  createMaildirStore,
  createMboxStore,
  createMemoryStore,
  createPop3Session,
  createRoutedStore,
  staticAuthenticator,
  type Authenticator,
  type MailFs,
  type MaildropStore,
} from '../../src';
import { Conversation } from './fuzz/drive';
import { Random } from './fuzz/random';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function held(): number {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

function session(maildrops: MaildropStore, authenticator: Authenticator) {
  return createPop3Session({
    maildrops,
    authenticator,
    hostname: 'lab.example',
    greetingToken: '1.1',
    tls: 'unavailable',
    allowPlaintextAuth: true,
  });
}

describe('memory under floods', () => {
  test('a 100 MB line is counted and dropped: the engine holds a few kilobytes of it', async () => {
    const client = new Conversation(session(createMemoryStore({}), staticAuthenticator({})), {
      inFlight: () => 0,
    });
    await client.quiet();
    client.statusLines(); // the greeting
    const chunk = new Uint8Array(64 * 1024).fill(0x41);
    const before = held();
    let peak = 0;
    const total = 100 * 1024 * 1024;
    for (let sent = 0; sent < total; sent += chunk.length) {
      await client.send(chunk);
      if (sent % (8 * 1024 * 1024) === 0) peak = Math.max(peak, held() - before);
    }
    expect(peak).toBeLessThan(1024 * 1024);
    expect(await client.command('')).toEqual([
      `-ERR Line too long: ${total + 2} octets discarded, the limit is 255.`,
    ]);
    expect(await client.command('CAPA')).toEqual(['+OK Capability list follows']);
    await client.hangUp();
  }, 60_000);

  test('pipelined lines past the limit: one -ERR and the end, the backlog never kept', async () => {
    const client = new Conversation(session(createMemoryStore({}), staticAuthenticator({})), {
      inFlight: () => 0,
    });
    await client.quiet();
    const before = held();
    // 20 MB of NOOPs in 64 KB reads, as a socket delivers them, without reading any reply.
    const chunk = utf8Encode('NOOP\r\n'.repeat(10_000)).subarray(0, 64 * 1024);
    for (let i = 0; i < 320 && !client.run.done; i++) await client.send(chunk);
    const replies = client.statusLines();
    expect(replies.at(-1)).toMatch(/^-ERR /);
    expect(client.run.closedByServer).toBe(true);
    expect(held() - before).toBeLessThan(4 * 1024 * 1024);
    await client.hangUp();
  });
});

/** A file system that notes every path it is asked about. */
function recording(inner: MailFs): { fs: MailFs; paths: string[] } {
  const paths: string[] = [];
  const note = (...names: string[]) => paths.push(...names);
  const fs: MailFs = {
    open: (path, flags, mode) => (note(path), inner.open(path, flags, mode)),
    readFile: (path) => (note(path), inner.readFile(path)),
    writeFile: (path, data, options) => (note(path), inner.writeFile(path, data, options)),
    readdir: (path) => (note(path), inner.readdir(path)),
    stat: (path) => (note(path), inner.stat(path)),
    rename: (from, to) => (note(from, to), inner.rename(from, to)),
    unlink: (path) => (note(path), inner.unlink(path)),
    mkdir: (path, options) => (note(path), inner.mkdir(path, options)),
  };
  return { fs, paths };
}

/** Names that try to get out, and random ones from every corner of Unicode. */
function trickyNames(count: number): string[] {
  const names = [
    '..',
    '.',
    '../..',
    '../../etc/passwd',
    '/etc/passwd',
    'chris/../../x',
    'chris/',
    '..\\..\\windows',
    '.chris',
    'chris.lock',
    '.chris.abc.rewrite',
    '%2e%2e%2fetc',
    '\u0000',
    'chris\u0000/../x',
    '\u2215etc\u2215passwd',
    '\uff0e\uff0e\uff0fx',
    '\ud800',
    'x'.repeat(300),
    '~root',
    '-rf',
    ' chris',
    'chris\r\nDELE 1',
  ];
  const random = new Random(20_260_302);
  const alphabet = [
    '.',
    '/',
    '\\',
    '\u0000',
    '\n',
    '~',
    'a',
    'é',
    '\u202e',
    ' ',
    '\ud83d\ude00',
    '\udc00',
  ];
  while (names.length < count) {
    let name = '';
    for (let n = random.range(1, 12); n > 0; n--) {
      name += random.chance(0.7)
        ? random.pick(alphabet)
        : String.fromCharCode(random.range(0, 0xffff));
    }
    names.push(name);
  }
  return names;
}

describe('user names that try to leave the spool', () => {
  const everyoneIn: Authenticator = { secret: () => Promise.resolve('pw') };
  const names = trickyNames(600);

  const stores: [string, (fs: MailFs) => MaildropStore, (path: string) => boolean][] = [
    [
      'mbox spool',
      (fs) => createMboxStore(fs, { spoolDir: '/var/spool/mail' }),
      (path) => /^\/var\/spool\/mail(\/[^/]+)?$/.test(path) && !/\/\.\.?(\/|$)/.test(path),
    ],
    [
      'Maildirs',
      (fs) => createMaildirStore(fs, { pathFor: (user) => `/home/${user}/Maildir` }),
      (path) =>
        /^\/home\/[^/]+\/Maildir(\/(cur|new|tmp)(\/[^/]+)?|\/\.pop3\.lock)?$/.test(path) &&
        !/\/\.\.?(\/|$)/.test(path),
    ],
    [
      'routed',
      (fs) => createRoutedStore(() => createMboxStore(fs, { spoolDir: '/var/spool/mail' })),
      (path) => /^\/var\/spool\/mail(\/[^/]+)?$/.test(path) && !/\/\.\.?(\/|$)/.test(path),
    ],
  ];

  test.each(stores)(
    '%s: every path touched stays inside, whoever logs in',
    async (_, make, inside) => {
      const volume = new Volume();
      const { fs, paths } = recording(volume.promises as unknown as MailFs);
      const store = make(fs);
      let opened = 0;
      for (const name of names) {
        // Straight to the store, as a permissive authenticator would let the engine do.
        const result = await store.open(name);
        if (result.ok) {
          opened++;
          await result.maildrop.release();
        } else {
          expect(result.code, JSON.stringify(name)).toBe('SYS/PERM');
        }
      }
      const outside = [...new Set(paths)].filter((path) => !inside(path));
      expect(outside).toEqual([]);
      expect(opened).toBeGreaterThan(0); // plain names among the random ones do get a maildrop
    },
  );

  test('through the engine: USER/PASS with such names never reaches outside the spool', async () => {
    const volume = new Volume();
    const { fs, paths } = recording(volume.promises as unknown as MailFs);
    const store = createMboxStore(fs, { spoolDir: '/var/spool/mail' });
    const outcomes = new Map<string, number>();
    for (const name of names.slice(0, 80)) {
      const client = new Conversation(session(store, everyoneIn), { inFlight: () => 0 });
      await client.quiet();
      await client.send(utf8Encode(`USER ${name}\r\nPASS pw\r\nQUIT\r\n`));
      await client.hangUp();
      const pass = client.statusLines()[2] ?? '';
      const outcome = /^(\+OK|-ERR( \[[A-Z/-]+\])?)/.exec(pass)?.[0] ?? pass;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // Plain names got in; the others were refused by the maildrop, or by the engine before.
    expect(outcomes.get('+OK')).toBeGreaterThan(0);
    expect(outcomes.get('-ERR [SYS/PERM]')).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 10)); // memfs answers late
    const outside = [...new Set(paths)].filter(
      (path) => !/^\/var\/spool\/mail(\/[^/]+)?$/.test(path) || /\/\.\.?(\/|$)/.test(path),
    );
    expect(outside).toEqual([]);
  });
});
