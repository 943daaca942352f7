/** The big mailboxes, made by the shared generator: same arguments, same bytes. */
import { join } from 'node:path';
import { GEN_BIG } from './paths';
import { runChecked } from './processes';

export interface BigMailbox {
  readonly mbox: string;
  /** The same messages as a Maildir, when asked for. */
  readonly maildir: string | undefined;
  readonly messages: number;
  readonly bytes: number;
}

export async function generateBig(
  dir: string,
  messages: number,
  averageSize: number,
  withMaildir: boolean,
): Promise<BigMailbox> {
  const mbox = join(dir, `big-${messages}.mbox`);
  const maildir = withMaildir ? join(dir, `big-${messages}.maildir`) : undefined;
  await runChecked(
    'python3',
    [
      GEN_BIG,
      String(messages),
      String(averageSize),
      mbox,
      ...(maildir ? ['--maildir', maildir] : []),
    ],
    // ~4 s per 100 MB here; generous for slower disks.
    { timeoutMs: Math.max(120_000, messages * 10) },
  );
  return { mbox, maildir, messages, bytes: messages * averageSize };
}
