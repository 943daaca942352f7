/**
 * The POP3 server, assembled: a connection host with a plain listener (STLS offered) and an
 * implicit-TLS listener, both serving the POP3 service, with the session log attached.
 * Everything is given explicitly, so tests start it in-process on port 0 with their own
 * maildrops, logins and timings.
 */
import type { AddressInfo } from 'node:net';
import type {
  Authenticator,
  Language,
  MaildropStore,
  PersonaName,
  Pop3Event,
} from '@pop3-lab/core';
import { ConnectionHost } from './connection-host';
import { DEFAULT_LOGIN_DELAY, FailedLoginTracker, type LoginDelayOptions } from './login-delay';
import { pop3LogEntry, pop3TranscriptLines } from './pop3-log-events';
import { pop3Service } from './pop3-service';
import { SessionLog } from './session-log';
import { secureContextFor, type TlsCredentials } from './tls-credentials';

export interface ServerConfig {
  readonly host: string;
  /** 0 = any free port. */
  readonly port: number;
  readonly tlsPort: number | 'off';
  readonly credentials: TlsCredentials;
  readonly maildrops: MaildropStore;
  readonly authenticator: Authenticator;
  readonly hostname: string;
  readonly allowPlaintext: boolean;
  readonly persona?: PersonaName;
  readonly disabled?: readonly string[];
  readonly language?: Language;
  readonly idleTimeoutMs: number;
  readonly maxConnections: number;
  readonly loginDelay?: LoginDelayOptions;
  readonly handshakeTimeoutMs?: number;
  /** One transcript file per session goes here. */
  readonly logDir?: string;
  /** Receives each session log line; leave out for silence. */
  readonly log?: (line: string) => void;
  /** Problems that do not stop the server (a transcript that cannot be written). */
  readonly warn?: (message: string) => void;
}

export interface RunningServer {
  readonly plain: AddressInfo;
  readonly tls: AddressInfo | undefined;
  readonly credentials: TlsCredentials;
  /** Connections open now. */
  readonly connections: number;
  /**
   * Stop accepting; sessions in UPDATE finish, the others end without applying deletions;
   * transcripts are flushed. Resolves when all of that is done.
   */
  close(graceMs?: number): Promise<void>;
}

/** RFC 3206 §4: a temporary problem of the server; the client may try again later. */
const BUSY = new TextEncoder().encode('-ERR [SYS/TEMP] Too many connections, try again later\r\n');

/**
 * Throws a RangeError for a configuration the engine refuses (unknown persona, capability or
 * language), a ListenError when a port cannot be had.
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const service = pop3Service({
    maildrops: config.maildrops,
    authenticator: config.authenticator,
    hostname: config.hostname,
    allowPlaintext: config.allowPlaintext,
    persona: config.persona,
    disabled: config.disabled,
    language: config.language,
    failedLogins: new FailedLoginTracker(config.loginDelay ?? DEFAULT_LOGIN_DELAY),
  });
  const sessionLog = new SessionLog<Pop3Event>({
    write: config.log,
    transcriptDir: config.logDir,
    describe: pop3LogEntry,
    transcribe: pop3TranscriptLines,
    onTranscriptError: config.warn,
  });
  const host = new ConnectionHost({
    idleTimeoutMs: config.idleTimeoutMs,
    maxConnections: config.maxConnections,
    secureContext: secureContextFor(config.credentials),
    handshakeTimeoutMs: config.handshakeTimeoutMs,
    refusal: () => BUSY,
    observe: (context) => sessionLog.observe(context),
    rejected: (event) => sessionLog.rejected(event),
  });

  try {
    const plain = await host.listen({
      service,
      host: config.host,
      port: config.port,
      security: 'upgradable',
    });
    const tls =
      config.tlsPort === 'off'
        ? undefined
        : await host.listen({
            service,
            host: config.host,
            port: config.tlsPort,
            security: 'implicit',
          });
    return {
      plain,
      tls,
      credentials: config.credentials,
      get connections() {
        return host.connections;
      },
      close: async (graceMs) => {
        await host.close(graceMs);
        await sessionLog.flush();
      },
    };
  } catch (error) {
    await host.close(0);
    throw error;
  }
}
