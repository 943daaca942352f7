/**
 * What the inspector shows of a mailbox: each message as the server numbers it, with its UID,
 * its size (as LIST counts it), and its Subject and From decoded from MIME (RFC 2047) by
 * postal-mime, loaded on first use.
 */
import type { Maildrop } from '@pop3-lab/core';

export interface MailboxMessage {
  readonly number: number;
  readonly uid: string;
  readonly size: number;
  readonly subject: string;
  readonly from: string;
}

export interface HeaderSummary {
  readonly subject: string;
  readonly from: string;
}

const cache = new Map<string, HeaderSummary>();

async function readHeader(maildrop: Maildrop, index: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of maildrop.read(index, { bodyLines: 0 })) {
    chunks.push(chunk);
    length += chunk.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export async function summarizeHeader(header: Uint8Array): Promise<HeaderSummary> {
  const { default: PostalMime } = await import('postal-mime');
  const email = await PostalMime.parse(header);
  const from = email.from;
  let shownFrom = '';
  if (from?.address !== undefined)
    shownFrom = from.name ? `${from.name} <${from.address}>` : from.address;
  else if (from) shownFrom = from.name;
  return { subject: email.subject ?? '', from: shownFrom };
}

/** The messages of an open maildrop; headers are read once per user and UID. */
export async function listMessages(user: string, maildrop: Maildrop): Promise<MailboxMessage[]> {
  const out: MailboxMessage[] = [];
  for (const [index, entry] of [...maildrop.messages].entries()) {
    const key = `${user}\u0000${entry.uid}\u0000${entry.size}`;
    let summary = cache.get(key);
    if (!summary) {
      try {
        summary = await summarizeHeader(await readHeader(maildrop, index));
      } catch {
        summary = { subject: '', from: '' };
      }
      cache.set(key, summary);
    }
    out.push({ number: index + 1, uid: entry.uid, size: entry.size, ...summary });
  }
  return out;
}
