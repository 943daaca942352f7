/**
 * openssl s_client, for POP3 over TLS: `-connect HOST:995` (implicit TLS, RFC 8314) and
 * `-starttls pop3 -connect HOST:110` (STLS, RFC 2595 §4). The handshake is simulated — the
 * summary below is illustrative and nothing is encrypted — but its rules hold: TLS against a
 * plain-text port fails as it would, and after the handshake the same server answers.
 * Lines go out with LF (-crlf: CR LF); a line "Q" ends the connection, as in s_client.
 */
import { fail, type Command, type CommandContext } from '../shell/command';
import { History } from '../terminal/history';
import { ConnectionReader, parsePort } from './connection-reader';
import { hostsHint } from './hints';
import { hint } from './telnet';

const encoder = new TextEncoder();
const history = new History(200);

interface ClientOptions {
  host: string;
  port: number;
  starttls: string | undefined;
  crlf: boolean;
  quiet: boolean;
  brief: boolean;
  servername: string | undefined;
}

function parseOptions(args: readonly string[]): ClientOptions | string {
  const options: ClientOptions = {
    host: 'localhost',
    port: 4433,
    starttls: undefined,
    crlf: false,
    quiet: false,
    brief: false,
    servername: undefined,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new Error(`Option -${arg.replace(/^-+/, '')} needs a value`);
      return next;
    };
    switch (arg) {
      case '-connect': {
        const target = value();
        const colon = target.lastIndexOf(':');
        const host = colon === -1 ? target : target.slice(0, colon);
        const port = colon === -1 ? 4433 : parsePort(target.slice(colon + 1));
        if (port === undefined || host === '') return `Invalid -connect value: ${target}`;
        options.host = host;
        options.port = port;
        break;
      }
      case '-starttls':
        options.starttls = value();
        break;
      case '-crlf':
        options.crlf = true;
        break;
      case '-quiet':
        options.quiet = true;
        break;
      case '-brief':
        options.brief = true;
        break;
      case '-servername':
        options.servername = value();
        break;
      case '-ign_eof':
      case '-no_ign_eof':
      case '-showcerts':
        break;
      default:
        return `Unknown option: ${arg}`;
    }
  }
  if (options.starttls !== undefined && options.starttls !== 'pop3') {
    return `Unsupported -starttls protocol in this lab: ${options.starttls} (pop3 only)`;
  }
  return options;
}

function formatDate(date: Date): string {
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${months[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${date.getUTCFullYear()} GMT`;
}

/** What s_client prints after a handshake, for the lab's self-signed certificate. */
export function handshakeSummary(certificateName: string, now: Date, brief: boolean): string {
  if (brief) {
    return [
      'CONNECTION ESTABLISHED',
      'Protocol version: TLSv1.3',
      'Ciphersuite: TLS_AES_256_GCM_SHA384',
      `Peer certificate: CN = ${certificateName}`,
      'Hash used: SHA256',
      'Signature type: ECDSA',
      'Verification error: self-signed certificate',
      'Server Temp Key: X25519, 253 bits',
      '',
    ].join('\n');
  }
  const notBefore = new Date(now.getTime() - 86_400_000);
  const notAfter = new Date(now.getTime() + 365 * 86_400_000);
  return [
    `depth=0 CN = ${certificateName}`,
    'verify error:num=18:self-signed certificate',
    'verify return:1',
    `depth=0 CN = ${certificateName}`,
    'verify return:1',
    '---',
    'Certificate chain',
    ` 0 s:CN = ${certificateName}`,
    `   i:CN = ${certificateName}`,
    '   a:PKEY: id-ecPublicKey, 256 (bit); sigalg: ecdsa-with-SHA256',
    `   v:NotBefore: ${formatDate(notBefore)}; NotAfter: ${formatDate(notAfter)}`,
    '---',
    'Server certificate',
    '-----BEGIN CERTIFICATE-----',
    '(not shown: the lab simulates TLS and holds no real certificate)',
    '-----END CERTIFICATE-----',
    `subject=CN = ${certificateName}`,
    `issuer=CN = ${certificateName}`,
    '---',
    'No client certificate CA names sent',
    'Peer signing digest: SHA256',
    'Peer signature type: ECDSA',
    'Server Temp Key: X25519, 253 bits',
    '---',
    'SSL handshake has read 1101 bytes and written 393 bytes',
    'Verification error: self-signed certificate',
    '---',
    'New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384',
    'Server public key is 256 bit',
    'This TLS version forbids renegotiation.',
    'Compression: NONE',
    'Expansion: NONE',
    'No ALPN negotiated',
    'Early data was not sent',
    'Verify return code: 18 (self-signed certificate)',
    '---',
    '',
  ].join('\n');
}

/** The lab server's certificate name: the name it greets with. */
const CERTIFICATE_NAME = 'mail.example.test';

export const openssl: Command = {
  name: 'openssl',
  usage: 'openssl s_client [-starttls pop3] [-crlf] [-quiet] [-brief] -connect HOST:PORT',
  summary: 'help.openssl',
  async run(context) {
    const [subcommand, ...rest] = context.args;
    if (subcommand === undefined) {
      context.stderr.write(`${context.shell.t('shell.usage')}: ${this.usage}\n`);
      return 1;
    }
    if (subcommand !== 's_client') {
      context.stderr.write(
        `Invalid command '${subcommand}'; this lab knows only s_client.\n${context.shell.t('shell.usage')}: ${this.usage}\n`,
      );
      return 1;
    }
    let options: ClientOptions | string;
    try {
      options = parseOptions(rest);
    } catch (error) {
      options = error instanceof Error ? error.message : String(error);
    }
    if (typeof options === 'string') {
      context.stderr.write(`s_client: ${options}\ns_client: Use -help for summary.\n`);
      return 1;
    }
    return sClient(context, options);
  },
};

async function sClient(context: CommandContext, options: ClientOptions): Promise<number> {
  const { network, t } = context.shell;
  const result = network.connect(options.host, options.port);
  if (!result.ok) {
    if (result.error === 'unknown-host') {
      context.stderr.write(
        `BIO_lookup_ex: ${options.host}: Name or service not known\nconnect:errno=22\n`,
      );
    } else {
      context.stderr.write('BIO_connect: Connection refused\nconnect:errno=111\n');
    }
    hint(context, hostsHint(context));
    return 1;
  }
  const connection = result.connection;
  const reader = new ConnectionReader(connection, () => context.terminal?.cancel());
  try {
    if (!options.quiet) context.stdout.write('CONNECTED(00000003)\n');

    if (options.starttls === 'pop3') {
      // s_client reads the greeting, sends STLS and reads the answer, showing neither.
      const greeting = await reader.nextLine();
      if (greeting === undefined) return handshakeFailed(context, 'unexpected eof while reading');
      connection.send(encoder.encode('STLS\r\n'));
      const answer = await reader.nextLine();
      if (answer === undefined || !answer.startsWith('+OK')) {
        return handshakeFailed(context, 'wrong version number');
      }
    } else if (connection.tls === 'plain') {
      // The server speaks first in clear text; its greeting is no TLS record.
      return handshakeFailed(context, 'wrong version number');
    }

    try {
      await connection.handshake();
    } catch {
      return handshakeFailed(context, 'unexpected eof while reading');
    }
    if (!options.quiet) {
      context.stdout.write(
        handshakeSummary(options.servername ?? CERTIFICATE_NAME, new Date(), options.brief),
      );
      hint(context, t('hint.simulatedTls'));
    }
    reader.pipeTo(context.stdout);

    if (context.stdin.kind === 'bytes') {
      connection.send(context.stdin.bytes);
      await reader.settle(400, context.signal);
      if (!options.quiet) context.stdout.write('DONE\n');
      return 0;
    }
    const editor = context.terminal;
    while (editor && connection.open) {
      const input = await editor.read({ prompt: '', history });
      if (input.type === 'line') {
        if (input.text === 'Q' && !options.quiet) {
          connection.close();
          context.stdout.write('DONE\n');
          return 0;
        }
        connection.send(encoder.encode(input.text + (options.crlf ? '\r\n' : '\n')));
      } else if (input.type === 'eof') {
        connection.close();
        if (!options.quiet) context.stdout.write('DONE\n');
        return 0;
      } else if (input.type === 'interrupt') {
        connection.close();
        return 130;
      } else break;
    }
    await reader.closed;
    if (!options.quiet) context.stdout.write('closed\n');
    return 0;
  } finally {
    reader.release();
  }
}

function handshakeFailed(context: CommandContext, reason: string): number {
  return fail(context, `error:0A00010B:SSL routines::${reason}`, 1);
}
