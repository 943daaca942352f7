/**
 * Reads a server's output back into replies, using the session's own `reply` and
 * `sasl-challenge` events to know where each starts and whether it is multi-line, and checks
 * the wire rules on the way: status lines "+OK"/"-ERR", CRLF everywhere, byte-stuffed bodies
 * ending with ".", no line over 512 octets. Throws on the first violation.
 */
import { dotUnstuff, utf8Decode } from '@pop3-lab/protocol';
import type { Pop3Event } from '../../src';

export interface WireReply {
  readonly status: string;
  /** For multi-line replies, the body with stuffing undone; otherwise undefined. */
  readonly body: Uint8Array | undefined;
}

export function readReplies(bytes: Uint8Array, events: readonly Pop3Event[]): WireReply[] {
  const replies: WireReply[] = [];
  let at = 0;
  const line = (): Uint8Array => {
    const lf = bytes.indexOf(0x0a, at);
    if (lf === -1)
      throw new Error(
        `unterminated line at octet ${at}: ${utf8Decode(bytes.subarray(at, at + 80))}`,
      );
    if (bytes[lf - 1] !== 0x0d || lf - 1 < at) throw new Error(`bare LF at octet ${lf}`);
    const content = bytes.subarray(at, lf - 1);
    if (content.length + 2 > 512)
      throw new Error(`line of ${content.length + 2} octets at octet ${at}`);
    at = lf + 1;
    return content;
  };
  for (const event of events) {
    if (event.type === 'sasl-challenge') {
      const text = utf8Decode(line());
      if (text !== `+ ${event.base64}`) throw new Error(`expected a challenge, got "${text}"`);
      replies.push({ status: text, body: undefined });
      continue;
    }
    if (event.type !== 'reply') continue;
    const status = utf8Decode(line());
    const expected = `${event.ok ? '+OK' : '-ERR'}${event.code ? ` [${event.code}]` : ''}${event.text ? ` ${event.text}` : ''}`;
    if (!/^(\+OK|-ERR)( |$)/.test(status)) throw new Error(`not a status line: "${status}"`);
    if (status !== expected)
      throw new Error(`status "${status}" does not match its event "${expected}"`);
    if (!event.multiline) {
      replies.push({ status, body: undefined });
      continue;
    }
    const start = at;
    for (;;) {
      const content = line();
      if (content.length === 1 && content[0] === 0x2e) break;
    }
    const stuffed = bytes.subarray(start, at - 3);
    replies.push({ status, body: dotUnstuff(stuffed) });
  }
  if (at !== bytes.length) {
    throw new Error(
      `unexplained output after the last reply: "${utf8Decode(bytes.subarray(at, at + 80))}"`,
    );
  }
  return replies;
}
