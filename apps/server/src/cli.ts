/**
 * From a command line to a running server: parse, read the files it names, make or load the
 * certificate, open the mail, listen, print where. Every failure becomes one line of text and
 * an exit code (2: the command line is wrong; 1: something it names is unusable) — no stack
 * traces for mistakes a user can fix.
 */
import { readFile } from 'node:fs/promises';
import { hostname as machineName } from 'node:os';
import { resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import {
  isPlainUserName,
  staticAuthenticator,
  type Authenticator,
  type Language,
  type PersonaName,
} from '@pop3-lab/core';
import { sampleLogins } from '@pop3-lab/samples';
import { parseCommandLine, USAGE, type ServerArgs } from './cli-args';
import { ListenError } from './connection-host';
import { formatHostPort } from './peer-address';
import { MailSetupError, prepareMail } from './mail-source';
import { greetingHostname } from './pop3-service';
import { startServer, type RunningServer } from './server';
import { CredentialsError, generateCredentials, loadCredentials } from './tls-credentials';
import { parseUsersFile } from './users-file';

export interface CliIo {
  /** Start-up lines and the session log. */
  out(line: string): void;
  /** Problems. */
  err(line: string): void;
}

export type CliOutcome =
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'running'; readonly server: RunningServer };

/** An error whose message is the whole story for the user. */
class StartError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const PROGRAM = 'pop3-lab-server';

export async function startFromCommandLine(
  argv: readonly string[],
  io: CliIo,
): Promise<CliOutcome> {
  const parsed = parseCommandLine(argv);
  if (parsed.kind === 'help') {
    io.out(USAGE.trimEnd());
    return { kind: 'exit', code: 0 };
  }
  if (parsed.kind === 'error') {
    io.err(`${PROGRAM}: ${parsed.message} (see --help)`);
    return { kind: 'exit', code: 2 };
  }
  try {
    const server = await start(parsed.args, io);
    return { kind: 'running', server };
  } catch (error) {
    if (error instanceof StartError) {
      io.err(`${PROGRAM}: ${error.message}`);
      return { kind: 'exit', code: error.exitCode };
    }
    if (error instanceof RangeError) {
      // The engine refused a persona, capability or language name: a command-line mistake.
      io.err(`${PROGRAM}: ${error.message}`);
      return { kind: 'exit', code: 2 };
    }
    if (
      error instanceof ListenError ||
      error instanceof CredentialsError ||
      error instanceof MailSetupError
    ) {
      io.err(`${PROGRAM}: ${error.message}`);
      return { kind: 'exit', code: 1 };
    }
    throw error;
  }
}

async function start(args: ServerArgs, io: CliIo): Promise<RunningServer> {
  const hostname = checkHostname(args.hostname);
  const logDir = args.logDir === undefined ? undefined : await writableDirectory(args.logDir);
  const logins = args.usersFile === undefined ? undefined : await readUsers(args.usersFile);
  const authenticator: Authenticator = staticAuthenticator(logins ?? sampleLogins());
  const mail = await prepareMail(args.mail, args.classroom);
  const credentials = args.certificate
    ? await loadCredentials(args.certificate.certFile, args.certificate.keyFile)
    : await generateCredentials(args.host === '0.0.0.0' || args.host === '::' ? [] : [args.host]);

  // The engine checks persona, capability and language names itself (a RangeError).
  const server = await startServer({
    host: args.host,
    port: args.port,
    tlsPort: args.tlsPort,
    credentials,
    maildrops: mail.store,
    authenticator,
    hostname,
    allowPlaintext: args.allowPlaintext,
    persona: args.persona as PersonaName | undefined,
    disabled: args.disabled,
    language: args.language as Language | undefined,
    idleTimeoutMs: args.idleTimeoutSeconds * 1000,
    maxConnections: args.maxConnections,
    logDir,
    log: args.quiet ? undefined : io.out,
    warn: (message) => io.err(`${PROGRAM}: ${message}`),
  });

  io.out(`pop3 listening on ${formatHostPort(server.plain.address, server.plain.port)}`);
  if (server.tls)
    io.out(`pop3s listening on ${formatHostPort(server.tls.address, server.tls.port)}`);
  io.out(
    credentials.generated
      ? `certificate: self-signed for ${credentials.subject}, SHA-256 fingerprint ${credentials.fingerprint256}`
      : `certificate: ${credentials.subject}, SHA-256 fingerprint ${credentials.fingerprint256}`,
  );
  io.out(`mail: ${mail.description}`);
  if (logins === undefined) {
    const pairs = Object.entries(toRecord(sampleLogins())).map(
      ([user, secret]) => `${user}/${secret}`,
    );
    io.out(`sample logins (user/password): ${pairs.join(' ')}`);
  } else {
    io.out(`logins: ${logins.size} from ${resolve(args.usersFile as string)}`);
  }
  if (logDir) io.out(`transcripts: ${logDir}`);
  return server;
}

function checkHostname(given: string | undefined): string {
  if (given === undefined) return greetingHostname(machineName());
  if (greetingHostname(given) !== given) {
    throw new StartError(
      `--hostname must be printable ASCII without spaces, "<", ">" or "@": "${given}"`,
      2,
    );
  }
  return given;
}

async function readUsers(file: string): Promise<ReadonlyMap<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new StartError(
      code === 'ENOENT'
        ? `users file ${file} does not exist`
        : `cannot read users file ${file} (${code ?? 'error'})`,
      1,
    );
  }
  const result = parseUsersFile(text, isPlainUserName);
  if (!result.ok) throw new StartError(`${file} line ${result.line}: ${result.message}`, 1);
  if (result.users.size === 0) throw new StartError(`users file ${file} lists no users`, 1);
  return result.users;
}

async function writableDirectory(dir: string): Promise<string> {
  const absolute = resolve(dir);
  try {
    if ((await stat(absolute)).isDirectory()) return absolute;
  } catch {
    throw new StartError(`log directory ${absolute} does not exist`, 1);
  }
  throw new StartError(`${absolute} is not a directory`, 1);
}

function toRecord(
  logins: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): Record<string, string> {
  return logins instanceof Map
    ? Object.fromEntries(logins)
    : { ...(logins as Record<string, string>) };
}
