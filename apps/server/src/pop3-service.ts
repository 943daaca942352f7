/**
 * POP3 as a `ProtocolService`: for every connection, a session of the engine with this
 * server's maildrops, logins and policies. This is the only module that knows the listeners
 * carry POP3.
 *
 * The engine's own `createPop3Service` takes one authenticator for all connections; here each
 * connection gets its own, wrapped with the failed-login delay for the peer's address.
 */
import { randomBytes } from 'node:crypto';
import {
  createPop3Service,
  createPop3Session,
  type Authenticator,
  type Language,
  type MaildropStore,
  type PersonaName,
  type Pop3Event,
} from '@pop3-lab/core';
import type { ConnectionInfo, ProtocolService } from '@pop3-lab/protocol';
import { delayedAuthenticator, type FailedLoginTracker } from './login-delay';

export interface Pop3ServiceOptions {
  readonly maildrops: MaildropStore;
  readonly authenticator: Authenticator;
  /** In the greeting and the APOP timestamp. */
  readonly hostname: string;
  /**
   * Allow USER/PASS and AUTH PLAIN/LOGIN before TLS from other machines. From this machine
   * (loopback) they are always allowed: the classroom types passwords into telnet.
   */
  readonly allowPlaintext: boolean;
  readonly persona?: PersonaName;
  readonly disabled?: readonly string[];
  readonly language?: Language;
  readonly failedLogins: FailedLoginTracker;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const POP3_PORTS = { plain: 110, tls: 995 } as const;

/**
 * Throws a RangeError, with the engine's own message, for an unknown persona, capability or
 * language, or a hostname that cannot go in an APOP timestamp — at start, not at the first
 * connection.
 */
export function pop3Service(options: Pop3ServiceOptions): ProtocolService<Pop3Event> {
  const shared = {
    maildrops: options.maildrops,
    hostname: options.hostname,
    persona: options.persona,
    disabled: options.disabled,
    language: options.language,
  };
  createPop3Service({ ...shared, authenticator: options.authenticator });
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let counter = 0;
  return {
    name: 'pop3',
    defaultPorts: POP3_PORTS,
    createSession(connection: ConnectionInfo) {
      counter += 1;
      return createPop3Session({
        ...shared,
        authenticator: delayedAuthenticator(
          options.authenticator,
          options.failedLogins,
          connection.remoteAddress,
          sleep,
        ),
        greetingToken: greetingToken(counter),
        tls: connection.tls,
        // RFC 2595 §2.3, RFC 8314 §5: no clear-text passwords across a network unless allowed.
        allowPlaintextAuth: options.allowPlaintext || connection.loopback,
        events: connection.events !== false,
      });
    },
  };
}

/**
 * RFC 1939 §7: the APOP timestamp must differ on every greeting. Process id, a counter and
 * random bytes make it unique and unguessable (it is the challenge a digest answers).
 */
export function greetingToken(counter: number): string {
  return `${process.pid}.${counter}.${randomBytes(6).toString('hex')}`;
}

/**
 * The name to greet with: the given one, or this machine's name when it fits in an APOP
 * timestamp (printable ASCII, no space, "<", ">" or "@"), else "localhost".
 */
export function greetingHostname(candidate: string): string {
  return /^[\x21-\x3b\x3d\x3f\x41-\x7e]+$/.test(candidate) ? candidate : 'localhost';
}
