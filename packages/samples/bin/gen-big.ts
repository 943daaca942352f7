// Writes a big deterministic mailbox for benchmarks, as an mbox, a Maildir or both:
//
//   node --import tsx packages/samples/bin/gen-big.ts --messages 10000 --total 100M \
//     --mbox /tmp/big.mbox --maildir /tmp/big.maildir [--seed 1939]
//
// Sizes take K, M, G (powers of 1000). Same options, same bytes. Prints a summary on stderr.
import * as fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { MailFs } from '@pop3-lab/core';
import { writeBigMailbox } from '../src';

const usage =
  'usage: gen-big.ts --messages N --total SIZE [--mbox FILE] [--maildir DIR] [--seed N]';

function size(text: string | undefined, name: string): number {
  const match = /^(\d+(?:\.\d+)?)([KMG]?)B?$/i.exec(text ?? '');
  if (match === null) throw new Error(`--${name} needs a number (K, M, G allowed)\n${usage}`);
  const unit = { '': 1, K: 1e3, M: 1e6, G: 1e9 }[match[2]!.toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Math.round(Number(match[1]) * unit);
}

try {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string' },
      total: { type: 'string' },
      mbox: { type: 'string' },
      maildir: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  if (values.mbox === undefined && values.maildir === undefined) {
    throw new Error(`give --mbox, --maildir or both\n${usage}`);
  }
  const started = Date.now();
  const summary = await writeBigMailbox(
    fs as unknown as MailFs,
    {
      ...(values.mbox !== undefined && { mbox: values.mbox }),
      ...(values.maildir !== undefined && { maildir: values.maildir }),
    },
    {
      messages: size(values.messages, 'messages'),
      totalBytes: size(values.total, 'total'),
      ...(values.seed !== undefined && { seed: Number(values.seed) }),
    },
  );
  process.stderr.write(
    `${summary.messages} messages, ${summary.storedBytes} bytes stored (LF), ` +
      `${summary.wireBytes} octets on the wire (CRLF, what STAT adds up), ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
