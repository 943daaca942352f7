/**
 * Commands per second through the sans-IO engine: no sockets, no files — the cost of parsing,
 * the state machine, replies and dot-stuffing alone. Each iteration pipelines a whole script,
 * then pulls every action until the session closes, as a driver would.
 */
import { DotStuffer } from '@pop3-lab/protocol';
import { bench, describe } from 'vitest';
import {
  createMemoryStore,
  createPop3Session,
  staticAuthenticator,
  type MaildropStore,
} from '../src';
import {
  CHURN_SCRIPT,
  LOGIN,
  RETR_MESSAGE,
  RETR_SCRIPT,
  SMALL_MAILBOX,
  STEADY_SCRIPT,
  STUFFING_CHUNK,
  STUFFING_CHUNKS,
  WORKLOADS,
} from './workloads';

const authenticator = staticAuthenticator({ [LOGIN.user]: LOGIN.password });
const encoder = new TextEncoder();
const input = (script: readonly string[]) => encoder.encode(script.map((l) => `${l}\r\n`).join(''));

/** Runs one session over `store` and returns the octets it sent. */
async function runSession(store: MaildropStore, script: Uint8Array): Promise<number> {
  const session = createPop3Session({
    maildrops: store,
    authenticator,
    hostname: 'bench.example',
    greetingToken: '1.bench',
    tls: 'unavailable',
    allowPlaintextAuth: true,
  });
  session.receive(script);
  let sent = 0;
  let closed = false;
  for await (const action of session) {
    if (action.type === 'send') sent += action.bytes.length;
    else if (action.type === 'close') closed = true;
  }
  if (!closed) throw new Error('the session ended without closing: the script is wrong');
  return sent;
}

describe('engine', () => {
  const small = createMemoryStore({ [LOGIN.user]: SMALL_MAILBOX });
  const large = createMemoryStore({ [LOGIN.user]: [RETR_MESSAGE] });
  const churn = input(CHURN_SCRIPT);
  const steady = input(STEADY_SCRIPT);
  const retr = input(RETR_SCRIPT);

  bench(WORKLOADS.churnSession.name, async () => {
    await runSession(small, churn);
  });
  bench(WORKLOADS.steadyCommands.name, async () => {
    await runSession(small, steady);
  });
  bench(
    WORKLOADS.retrThroughput.name,
    async () => {
      await runSession(large, retr);
    },
    { time: 2000 },
  );

  bench(WORKLOADS.dotStuffing.name, () => {
    const stuffer = new DotStuffer();
    for (let i = 0; i < STUFFING_CHUNKS; i++) stuffer.transform(STUFFING_CHUNK);
    stuffer.finish();
  });
});
