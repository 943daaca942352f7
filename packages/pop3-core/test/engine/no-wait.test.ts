// What makes a busy server cheap: a command whose line is already buffered and whose answer the
// engine has at hand (a small message the store hands over whole, with Maildrop.readNow) runs
// from its line to its last byte without a wait, so the driver's pulls (nextNow) get every
// action at once. A message read chunk by chunk still waits, which is what the control shows.
import { describe, expect, test } from 'vitest';
import type { DriverAction, PullableActions } from '@pop3-lab/protocol';
import { utf8Decode, utf8Encode } from '@pop3-lab/protocol';
import type { MaildropStore, Pop3Event } from '../../src';
import { createMemoryStore, createPop3Session, staticAuthenticator } from '../../src';
import { chrisMessages, logins, withoutReadNow } from './harness';

type Pulls = PullableActions<DriverAction<Pop3Event>>;

/**
 * Logs in, RETRs message 1 with promises, then pulls the second RETR of message 1 (already
 * buffered) with nextNow alone: what it sent before the first wait, if any.
 */
async function secondRetrWithoutWaiting(maildrops: MaildropStore): Promise<string> {
  const session = createPop3Session({
    maildrops,
    authenticator: staticAuthenticator(logins),
    hostname: 'lab.example',
    greetingToken: '1234.5678',
    tls: 'unavailable',
    allowPlaintextAuth: true,
    events: false,
  });
  const pulls = session[Symbol.asyncIterator]() as unknown as Pulls;
  session.receive(utf8Encode('USER chris\r\nPASS epikoi\r\nRETR 1\r\nRETR 1\r\n'));
  // Up to the end of the first RETR's response (greeting, USER and PASS replies before it).
  let before = '';
  while (!before.endsWith('\r\n.\r\n')) {
    const result = await pulls.next();
    if (result.done === true) throw new Error(`the session ended after: ${before}`);
    if (result.value.type === 'send') before += utf8Decode(result.value.bytes);
  }
  let sent = '';
  for (;;) {
    const result = pulls.nextNow();
    if (result instanceof Promise || result.done === true) break;
    if (result.value.type === 'send') sent += utf8Decode(result.value.bytes);
  }
  session.end('closed');
  return sent;
}

describe('a command with nothing to wait for', () => {
  const expected = `+OK ${utf8Encode(chrisMessages[0]!.replaceAll('\n', '\r\n')).length} octets\r\n`;

  test('RETR of a message the store has at hand is sent whole before the first wait', async () => {
    const sent = await secondRetrWithoutWaiting(createMemoryStore({ chris: chrisMessages }));
    expect(sent.startsWith(expected)).toBe(true);
    expect(sent.endsWith('\r\n.\r\n')).toBe(true);
  });

  test('the same RETR read chunk by chunk waits before its first byte', async () => {
    const sent = await secondRetrWithoutWaiting(
      withoutReadNow(createMemoryStore({ chris: chrisMessages })),
    );
    expect(sent).toBe('');
  });
});
