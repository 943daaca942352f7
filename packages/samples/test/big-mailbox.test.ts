// The benchmark mailboxes: deterministic, the requested shape, and the same messages in the
// mbox and in the Maildir.
import { execFile } from 'node:child_process';
import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createMaildirStore, createMboxStore } from '@pop3-lab/core';
import { generateBigMailbox, writeBigMailbox } from '../src';
import { diskFs, memoryFs, openMaildrop, readText, type SampleFs } from './support';

const decoder = new TextDecoder();
const all = (options: Parameters<typeof generateBigMailbox>[0]) => [...generateBigMailbox(options)];

describe('generateBigMailbox', () => {
  it('makes the same bytes for the same options, other bytes for another seed', () => {
    const a = all({ messages: 40, totalBytes: 40 * 3000 });
    const b = all({ messages: 40, totalBytes: 40 * 3000 });
    const c = all({ messages: 40, totalBytes: 40 * 3000, seed: 7 });
    expect(a.map((m) => decoder.decode(m.bytes))).toEqual(b.map((m) => decoder.decode(m.bytes)));
    expect(a.map((m) => decoder.decode(m.bytes))).not.toEqual(
      c.map((m) => decoder.decode(m.bytes)),
    );
  });

  it('comes close to the requested total, with sizes spread around the mean', () => {
    const messages = all({ messages: 400, totalBytes: 400 * 10_000 });
    const sizes = messages.map((m) => m.bytes.length);
    const total = sizes.reduce((n, s) => n + s, 0);
    expect(Math.abs(total - 4_000_000) / 4_000_000).toBeLessThan(0.05);
    expect(Math.min(...sizes)).toBeLessThan(4_000);
    expect(Math.max(...sizes)).toBeGreaterThan(16_000);
  });

  it('writes plain LF text, no line starting with "From ", some starting with "."', () => {
    const text = all({ messages: 64, totalBytes: 64 * 8000 })
      .map((m) => decoder.decode(m.bytes))
      .join('');
    expect(text).not.toMatch(/^From /m);
    expect(text).not.toContain('\r');
    expect(text).toMatch(/^\.[a-z]/m);
    expect((text.match(/^Content-Transfer-Encoding: base64$/gm) ?? []).length).toBe(8);
  });

  it('refuses options that make no sense', () => {
    expect(() => all({ messages: -1, totalBytes: 10 })).toThrow(RangeError);
    expect(() => all({ messages: 1.5, totalBytes: 10 })).toThrow(RangeError);
    expect(() => all({ messages: 1, totalBytes: Number.NaN })).toThrow(RangeError);
    expect(all({ messages: 0, totalBytes: 0 })).toEqual([]);
  });
});

for (const makeFs of [memoryFs, diskFs]) {
  describe(`writeBigMailbox on ${makeFs === memoryFs ? 'memfs' : 'a real directory'}`, () => {
    let t: SampleFs;
    afterEach(() => t.dispose());

    it('writes an mbox and a Maildir that list the same sizes and the same content', async () => {
      t = await makeFs();
      await t.fs.mkdir(`${t.root}/spool`, { recursive: true });
      const options = { messages: 30, totalBytes: 30 * 5000 };
      const summary = await writeBigMailbox(
        t.fs,
        { mbox: `${t.root}/spool/big`, maildir: `${t.root}/big.maildir` },
        options,
      );
      expect(summary.messages).toBe(30);
      const mbox = await openMaildrop(
        createMboxStore(t.fs, { spoolDir: `${t.root}/spool` }),
        'big',
      );
      const maildir = await openMaildrop(
        createMaildirStore(t.fs, { pathFor: () => `${t.root}/big.maildir` }),
        'big',
      );
      expect([...mbox.messages].map((m) => m.size)).toEqual(
        [...maildir.messages].map((m) => m.size),
      );
      expect([...mbox.messages].reduce((n, m) => n + m.size, 0)).toBe(summary.wireBytes);
      for (const i of [0, 6, 29]) {
        expect(await readText(mbox, i)).toBe(await readText(maildir, i));
      }
      const names = await t.fs.readdir(`${t.root}/big.maildir/cur`);
      expect(names).toHaveLength(30);
      for (const name of names) expect(name).toMatch(/^\d+\.M\d+P1\.big,S=\d+,W=\d+:2,$/);
      await mbox.release();
      await maildir.release();
    });
  });
}

describe('the gen-big command', () => {
  let t: SampleFs;
  afterEach(() => t.dispose());

  it('writes the files it is asked for and reports the sizes', async () => {
    t = await diskFs();
    const script = new URL('../bin/gen-big.ts', import.meta.url).pathname;
    const mboxPath = join(t.root, 'big.mbox');
    const { stderr } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        script,
        '--messages',
        '20',
        '--total',
        '60K',
        '--mbox',
        mboxPath,
        '--maildir',
        join(t.root, 'md'),
      ],
      { cwd: new URL('..', import.meta.url).pathname },
    );
    expect(stderr).toMatch(/^20 messages, \d+ bytes stored \(LF\), \d+ octets on the wire/);
    const stored = Number(/(\d+) bytes stored/.exec(stderr)![1]);
    const expected = all({ messages: 20, totalBytes: 60_000 }).reduce(
      (n, m) => n + m.bytes.length,
      0,
    );
    expect(stored).toBe(expected);
    expect((await nodeFs.readdir(join(t.root, 'md', 'cur'))).length).toBe(20);
  });
});
