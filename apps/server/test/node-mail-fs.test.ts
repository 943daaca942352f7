// The server's file system for the maildrops: node:fs/promises, with whole-file reads by blocking calls.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeMailFs } from '../src/node-mail-fs';

describe('nodeMailFs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'node-mail-fs-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads a whole file as a plain Uint8Array', async () => {
    await writeFile(join(dir, 'm'), 'Subject: hi\n\nbody\n');
    const bytes = await nodeMailFs.readFile(join(dir, 'm'));
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    expect(new TextDecoder().decode(bytes)).toBe('Subject: hi\n\nbody\n');
  });

  it('rejects, never throws, with the error code the maildrops look at', async () => {
    const pending = nodeMailFs.readFile(join(dir, 'missing'));
    await expect(pending).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(nodeMailFs.stat(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stats files and directories', async () => {
    await writeFile(join(dir, 'm'), 'abc');
    const file = await nodeMailFs.stat(join(dir, 'm'));
    expect([file.size, file.isFile(), file.isDirectory()]).toEqual([3, true, false]);
    expect((await nodeMailFs.stat(dir)).isDirectory()).toBe(true);
  });

  it('reads the start of a file into a buffer, and says how much there was', async () => {
    await writeFile(join(dir, 'm'), 'Subject: hi\n\nbody\n');
    const room = new Uint8Array(64);
    expect(nodeMailFs.readInto!(join(dir, 'm'), room)).toBe(18);
    expect(new TextDecoder().decode(room.subarray(0, 18))).toBe('Subject: hi\n\nbody\n');
    const part = new Uint8Array(7);
    expect(nodeMailFs.readInto!(join(dir, 'm'), part)).toBe(7);
    expect(new TextDecoder().decode(part)).toBe('Subject');
    expect(() => nodeMailFs.readInto!(join(dir, 'missing'), room)).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });

  it('keeps the rest of node:fs/promises', async () => {
    const handle = await nodeMailFs.open(join(dir, 'n'), 'wx');
    await handle.write(Uint8Array.of(0x41));
    await handle.close();
    expect((await nodeMailFs.stat(join(dir, 'n'))).size).toBe(1);
    expect(await nodeMailFs.readdir(dir)).toEqual(['n']);
  });
});
