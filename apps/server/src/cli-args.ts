/**
 * The command line, parsed into a plain value. No I/O here: files named on the command line are
 * read later, so every check in this module can be tested with strings alone.
 */

/** Where the maildrops live. */
export type MailSource =
  | { readonly kind: 'samples' }
  | { readonly kind: 'mbox'; readonly dir: string }
  | { readonly kind: 'maildir'; readonly dir: string };

export interface ServerArgs {
  readonly host: string;
  /** 0 asks the system for any free port. */
  readonly port: number;
  /** Implicit TLS (POP3S, RFC 8314 §3.3); 'off' disables that listener. */
  readonly tlsPort: number | 'off';
  readonly mail: MailSource;
  readonly usersFile: string | undefined;
  /** Both or neither: a lone --cert or --key is an error, not a silent self-signed fallback. */
  readonly certificate: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly classroom: boolean;
  readonly persona: string | undefined;
  /** Language of replies after "LANG *" (RFC 6856 §3.2). */
  readonly language: string | undefined;
  /** Capabilities switched off (names as CAPA lists them: TOP, UIDL, APOP, STLS, SASL…). */
  readonly disabled: readonly string[];
  readonly idleTimeoutSeconds: number;
  readonly maxConnections: number;
  readonly logDir: string | undefined;
  readonly allowPlaintext: boolean;
  /** The name in the greeting and the APOP timestamp; defaults to the machine's name. */
  readonly hostname: string | undefined;
  /** Leave out the per-session log lines (start-up lines are still printed). */
  readonly quiet: boolean;
}

export type ParsedCommandLine =
  | { readonly kind: 'run'; readonly args: ServerArgs }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 1110,
  tlsPort: 1995,
  /** RFC 1939 §3: an inactivity timer, if any, must be at least 10 minutes. */
  idleTimeoutSeconds: 600,
  maxConnections: 200,
} as const;

export const USAGE = `Usage: pop3-lab-server [options]

A POP3 server for learning and teaching POP3 by hand (telnet, openssl s_client, mail clients).

Listeners
  --host ADDRESS          address to listen on (default ${DEFAULTS.host})
  --port PORT             plain POP3 port, STLS offered (default ${DEFAULTS.port}; 0 = any free port)
  --tls-port PORT|off     implicit TLS port, POP3S (default ${DEFAULTS.tlsPort}; 0 = any free port)
  --cert FILE --key FILE  PEM certificate and key; without them a self-signed certificate
                          is generated at start and its SHA-256 fingerprint printed
  --hostname NAME         name used in the greeting (default: this machine's name)

Mail
  --mail samples          the embedded sample mailboxes, in memory (default; nothing written)
  --mail mbox:DIR         DIR/<user> is that user's mbox file
  --mail maildir:DIR      DIR/<user>/ holds that user's cur/ new/ tmp/
  --users FILE            "user:password" lines; passwords are stored in clear because
                          APOP and CRAM-MD5 need the shared secret (RFC 1939 §7, RFC 2195)
  --classroom             every login gets its own fresh copy of the sample mailboxes

Behaviour
  --persona NAME          answer like a given server (see the README for the list)
  --language en|fr        language a client gets with "LANG *" (default en)
  --disable CAP[,CAP…]    switch capabilities off, e.g. --disable APOP,STLS (repeatable)
  --allow-plaintext       allow USER/PASS and AUTH PLAIN/LOGIN without TLS from other
                          machines (always allowed from this machine, for the classroom)
  --idle-timeout SECONDS  close idle sessions without applying deletions (default ${DEFAULTS.idleTimeoutSeconds})
  --max-connections N     refuse connections beyond N at once (default ${DEFAULTS.maxConnections})
  --log-dir DIR           write one transcript per session into DIR (passwords masked)
  --quiet                 no per-session log lines on standard output
  -h, --help              show this help
`;

type Flag =
  | 'host'
  | 'port'
  | 'tls-port'
  | 'mail'
  | 'users'
  | 'cert'
  | 'key'
  | 'classroom'
  | 'persona'
  | 'language'
  | 'disable'
  | 'idle-timeout'
  | 'max-connections'
  | 'log-dir'
  | 'allow-plaintext'
  | 'hostname'
  | 'quiet'
  | 'help';

const SWITCHES: ReadonlySet<Flag> = new Set(['classroom', 'allow-plaintext', 'quiet', 'help']);
const WITH_VALUE: ReadonlySet<Flag> = new Set([
  'host',
  'port',
  'tls-port',
  'mail',
  'users',
  'cert',
  'key',
  'persona',
  'language',
  'disable',
  'idle-timeout',
  'max-connections',
  'log-dir',
  'hostname',
]);

class UsageError extends Error {}

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  try {
    return parse(argv);
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'error', message: error.message };
    throw error;
  }
}

function parse(argv: readonly string[]): ParsedCommandLine {
  const values = new Map<Flag, string>();
  const disabled: string[] = [];
  const switches = new Set<Flag>();

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h') {
      switches.add('help');
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = (eq === -1 ? arg.slice(2) : arg.slice(2, eq)) as Flag;
    if (SWITCHES.has(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      switches.add(name);
      continue;
    }
    if (!WITH_VALUE.has(name))
      throw new UsageError(`unknown option "${arg.slice(0, eq === -1 ? undefined : eq)}"`);
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new UsageError(`--${name} needs a value`);
      i++;
    }
    if (value === '') throw new UsageError(`--${name} needs a value`);
    if (name === 'disable') {
      disabled.push(...splitList(value));
      continue;
    }
    if (values.has(name)) throw new UsageError(`--${name} given twice`);
    values.set(name, value);
  }

  if (switches.has('help')) return { kind: 'help' };

  const certFile = values.get('cert');
  const keyFile = values.get('key');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new UsageError(
      certFile === undefined ? '--key needs --cert too' : '--cert needs --key too',
    );
  }

  const mail = parseMail(values.get('mail') ?? 'samples');
  const classroom = switches.has('classroom');
  if (classroom && mail.kind !== 'samples') {
    throw new UsageError(
      '--classroom copies the sample mailboxes; it cannot be combined with --mail ' + mail.kind,
    );
  }
  const usersFile = values.get('users');
  if (mail.kind !== 'samples' && usersFile === undefined) {
    throw new UsageError(`--mail ${mail.kind}: needs --users FILE (who may log in)`);
  }

  const tlsPortText = values.get('tls-port');
  return {
    kind: 'run',
    args: {
      host: values.get('host') ?? DEFAULTS.host,
      port: parsePort('--port', values.get('port'), DEFAULTS.port),
      tlsPort:
        tlsPortText === 'off' ? 'off' : parsePort('--tls-port', tlsPortText, DEFAULTS.tlsPort),
      mail,
      usersFile,
      certificate:
        certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined,
      classroom,
      persona: values.get('persona'),
      language: values.get('language'),
      disabled,
      idleTimeoutSeconds: parseSeconds(values.get('idle-timeout')),
      maxConnections: parsePositiveInteger(
        '--max-connections',
        values.get('max-connections'),
        DEFAULTS.maxConnections,
      ),
      logDir: values.get('log-dir'),
      allowPlaintext: switches.has('allow-plaintext'),
      hostname: values.get('hostname'),
      quiet: switches.has('quiet'),
    },
  };
}

function parseMail(text: string): MailSource {
  if (text === 'samples') return { kind: 'samples' };
  const colon = text.indexOf(':');
  const kind = colon === -1 ? text : text.slice(0, colon);
  const dir = colon === -1 ? '' : text.slice(colon + 1);
  if (kind !== 'mbox' && kind !== 'maildir') {
    throw new UsageError(`--mail must be samples, mbox:DIR or maildir:DIR, not "${text}"`);
  }
  if (dir === '')
    throw new UsageError(`--mail ${kind}: needs a directory, as in --mail ${kind}:/var/mail`);
  return { kind, dir };
}

function parsePort(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  // Validated, never defaulted: "abc" or 70000 must not quietly become some other port.
  if (!/^\d+$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`${flag} must be a port number from 0 to 65535, not "${text}"`);
  }
  return Number(text);
}

function parsePositiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${flag} must be a whole number of at least 1, not "${text}"`);
  }
  return Number(text);
}

function parseSeconds(text: string | undefined): number {
  if (text === undefined) return DEFAULTS.idleTimeoutSeconds;
  // Fractions are accepted so a demonstration (or a test) can show the timeout in seconds.
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0) {
    throw new UsageError(`--idle-timeout must be a number of seconds above 0, not "${text}"`);
  }
  return Number(text);
}

function splitList(text: string): string[] {
  const items = text
    .split(',')
    .map((item) => item.trim().toUpperCase())
    .filter((item) => item !== '');
  if (items.length === 0) throw new UsageError('--disable needs at least one capability name');
  return items;
}
