/**
 * Starts the real server in-process on 127.0.0.1, ports 0, over mailboxes written to a fresh
 * temporary directory, and stops it (and removes the directory) when the test is done.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staticAuthenticator, type MaildropStore } from '@pop3-lab/core';
import { prepareMail } from '../../src/mail-source';
import { startServer, type RunningServer, type ServerConfig } from '../../src/server';
import { generateCredentials, type TlsCredentials } from '../../src/tls-credentials';
import { fixtureMessages, writeMaildir, writeMbox } from './mail-fixtures';

export const LOGINS = {
  student: 'student-pw',
  scratch: 'scratch-pw',
  empty: 'empty-pw',
} as const;

let credentials: Promise<TlsCredentials> | undefined;
/** One certificate for the whole test file: generating is quick, but not free. */
export function testCredentials(): Promise<TlsCredentials> {
  credentials ??= generateCredentials();
  return credentials;
}

export interface TestServer {
  readonly server: RunningServer;
  readonly dir: string;
  readonly plainPort: number;
  readonly tlsPort: number;
  readonly credentials: TlsCredentials;
  readonly logLines: string[];
  stop(): Promise<void>;
}

export interface TestServerOptions extends Partial<Omit<ServerConfig, 'maildrops'>> {
  readonly format?: 'mbox' | 'maildir';
  /** Wrap the store (to count reads, slow down commits, …). */
  readonly wrapStore?: (store: MaildropStore) => MaildropStore;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'pop3-lab-server-'));
  const format = options.format ?? 'mbox';
  const write = format === 'mbox' ? writeMbox : writeMaildir;
  await write(dir, 'student', fixtureMessages);
  await write(dir, 'scratch', fixtureMessages);
  await write(dir, 'empty', []);
  const mail = await prepareMail({ kind: format, dir }, false);
  const store = options.wrapStore ? options.wrapStore(mail.store) : mail.store;
  const logLines: string[] = [];
  const creds = options.credentials ?? (await testCredentials());
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    tlsPort: 0,
    credentials: creds,
    maildrops: store,
    authenticator: staticAuthenticator(LOGINS),
    hostname: 'lab.example',
    allowPlaintext: false,
    idleTimeoutMs: 10_000,
    maxConnections: 20,
    loginDelay: { baseMs: 50, maxMs: 400, forgetAfterMs: 60_000, maxTracked: 100 },
    log: (line) => logLines.push(line),
    ...options,
  });
  let stopped = false;
  return {
    server,
    dir,
    plainPort: server.plain.port,
    tlsPort: server.tls?.port ?? 0,
    credentials: creds,
    logLines,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.close(2_000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
