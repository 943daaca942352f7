/**
 * POP3 as a ProtocolService: what a driver registers on a port. Each connection gets a session
 * with the transport's TLS state, a fresh greeting token, and the plain-text login policy.
 */
import type { ConnectionInfo, ProtocolService } from '@pop3-lab/protocol';
import type { Pop3Event } from './events';
import type { Pop3SessionOptions } from './options';
import { resolveOptions } from './options';
import { createPop3Session } from './session';

export interface Pop3ServiceOptions extends Omit<
  Pop3SessionOptions,
  'tls' | 'allowPlaintextAuth' | 'greetingToken'
> {
  /**
   * Plain-text logins (USER/PASS, PLAIN, LOGIN) before TLS: a fixed answer or one per
   * connection. Default: only from loopback, where nothing crosses a network.
   */
  allowPlaintextAuth?: boolean | ((connection: ConnectionInfo) => boolean);
  /**
   * A token unique to each connection for the APOP timestamp. The default combines a counter
   * with random digits from the platform's crypto.getRandomValues.
   */
  greetingToken?: (connection: ConnectionInfo) => string;
  /** Override the IANA ports (110 with STLS, 995 with implicit TLS). */
  ports?: { plain: number; tls?: number };
}

export function createPop3Service(options: Pop3ServiceOptions): ProtocolService<Pop3Event> {
  const { allowPlaintextAuth, greetingToken, ports, ...session } = options;
  const token = greetingToken ?? randomToken();
  const plaintext =
    typeof allowPlaintextAuth === 'function'
      ? allowPlaintextAuth
      : (connection: ConnectionInfo) => allowPlaintextAuth ?? connection.loopback;
  // Check the shared options once, now, rather than at the first connection.
  resolveOptions({
    ...session,
    tls: 'unavailable',
    allowPlaintextAuth: false,
    greetingToken: 'check',
  });
  return {
    name: 'pop3',
    defaultPorts: ports ?? { plain: 110, tls: 995 },
    createSession: (connection) =>
      createPop3Session({
        ...session,
        tls: connection.tls,
        allowPlaintextAuth: plaintext(connection),
        greetingToken: token(connection),
      }),
  };
}

interface RandomSource {
  getRandomValues(array: Uint32Array): Uint32Array;
}

function randomToken(): () => string {
  const crypto = (globalThis as { crypto?: RandomSource }).crypto;
  if (crypto === undefined)
    throw new Error('No crypto.getRandomValues: pass a greetingToken function');
  let counter = 0;
  return () => {
    counter += 1;
    const [a, b] = crypto.getRandomValues(new Uint32Array(2));
    return `${counter}.${a!.toString(16)}${b!.toString(16)}`;
  };
}
