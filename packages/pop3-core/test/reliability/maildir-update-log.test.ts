/**
 * The Maildir update log (src/maildrops/maildir-update-log.ts), piece by piece: what a crashed
 * UPDATE leaves, and what the next session does with it.
 */
import { Volume } from 'memfs';
import { describe, expect, test } from 'vitest';
import { utf8Encode } from '@pop3-lab/protocol';
import { createMaildirStore, deliverToMaildir, parseMaildirName, type MailFs } from '../../src';

const ROOT = '/home/chris/Maildir';

async function maildir(count: number) {
  const fs = new Volume().promises as unknown as MailFs;
  const names: string[] = [];
  for (let n = 1; n <= count; n++) {
    names.push(
      await deliverToMaildir(fs, ROOT, utf8Encode(`Subject: ${n}\n\nbody ${n}\n`), {
        unique: `17724312${n}.M${n}P1.test`,
        folder: 'cur',
        flags: 'S',
      }),
    );
  }
  const store = createMaildirStore(fs, { pathFor: () => ROOT });
  const subjects = async () => {
    const opened = await store.open('chris');
    if (!opened.ok) throw new Error(opened.reason);
    const list: string[] = [];
    for (let i = 0; i < opened.maildrop.messages.length; i++) {
      let text = '';
      for await (const chunk of opened.maildrop.read(i)) text += new TextDecoder().decode(chunk);
      list.push(/Subject: (\d+)/.exec(text)![1]!);
    }
    await opened.maildrop.release();
    return list;
  };
  const base = (name: string) => parseMaildirName(name).base;
  return { fs, names, store, subjects, base };
}

describe('the Maildir update log', () => {
  test('a logged UPDATE cut short by a crash is finished by the next session', async () => {
    const { fs, names, subjects, base } = await maildir(4);
    // The crashed session had logged 2 and 4, and unlinked 2 only.
    await fs.writeFile(
      `${ROOT}/.pop3-update`,
      utf8Encode(JSON.stringify([base(names[1]!), base(names[3]!)])),
    );
    await fs.unlink(`${ROOT}/cur/${names[1]}`);
    expect(await subjects()).toEqual(['1', '3']);
    expect((await fs.readdir(ROOT)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  test('finds a logged message whose flags another program changed meanwhile', async () => {
    const { fs, names, subjects, base } = await maildir(3);
    await fs.writeFile(`${ROOT}/.pop3-update`, utf8Encode(JSON.stringify([base(names[0]!)])));
    await fs.rename(`${ROOT}/cur/${names[0]}`, `${ROOT}/cur/${names[0]}R`);
    expect(await subjects()).toEqual(['2', '3']);
  });

  test('a log the crash left half-written is dropped and nothing is deleted', async () => {
    const { fs, names, subjects, base } = await maildir(3);
    await fs.writeFile(`${ROOT}/.pop3-update.new`, utf8Encode(`["${base(names[0]!)}`));
    expect(await subjects()).toEqual(['1', '2', '3']);
    expect((await fs.readdir(ROOT)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  test('a log that is not one of ours deletes nothing', async () => {
    const { fs, subjects } = await maildir(2);
    await fs.writeFile(`${ROOT}/.pop3-update`, utf8Encode('not json'));
    expect(await subjects()).toEqual(['1', '2']);
  });

  test('a complete UPDATE leaves no log behind', async () => {
    const { fs, store, subjects } = await maildir(3);
    const opened = await store.open('chris');
    if (!opened.ok) throw new Error(opened.reason);
    await opened.maildrop.commit(new Set([0, 2]));
    expect((await fs.readdir(ROOT)).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(await subjects()).toEqual(['2']);
  });
});
