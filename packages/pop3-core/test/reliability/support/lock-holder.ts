// Run by concurrency.test.ts as `node --import tsx lock-holder.ts <mbox|maildir> <dir>`:
// opens chris's maildrop (taking its lock, owner = this process id), says "locked", and
// waits to be killed.
import * as fs from 'node:fs/promises';
import { createMaildirStore, createMboxStore, type MailFs } from '../../../src';

const [format, dir] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: lock-holder.ts mbox|maildir DIR');
const options = { lockOwner: String(process.pid) };
const store =
  format === 'mbox'
    ? createMboxStore(fs as unknown as MailFs, { spoolDir: dir, ...options })
    : createMaildirStore(fs as unknown as MailFs, { pathFor: () => dir, ...options });
const opened = await store.open('chris');
if (!opened.ok) throw new Error(`${opened.code} ${opened.reason}`);
process.stdout.write('locked\n');
setInterval(() => undefined, 60_000);
