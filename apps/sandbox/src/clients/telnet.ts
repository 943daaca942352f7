/**
 * telnet HOST [PORT], as the classic client shows it: "Trying …", "Connected to …", the escape
 * character, and "Connection closed by foreign host." when the server hangs up. Lines typed
 * are sent with CR LF (the NVT line end, RFC 854). Ctrl-] opens the telnet> prompt (quit,
 * close, status, help, and `! COMMAND` to run one shell command, e.g. md5sum for APOP). With a pipe on its input, the lines are sent and the answers shown.
 */
import { fail, type Command, type CommandContext } from '../shell/command';
import { History } from '../terminal/history';
import { style } from '../terminal/ansi';
import { ConnectionReader, parsePort } from './connection-reader';
import { hostsHint } from './hints';

const encoder = new TextEncoder();
const history = new History(200);

export const telnet: Command = {
  name: 'telnet',
  usage: 'telnet HOST [PORT]',
  summary: 'help.telnet',
  async run(context) {
    const { t, network } = context.shell;
    const [host, portText = '23', extra] = context.args;
    if (host === undefined || extra !== undefined || host.startsWith('-')) {
      context.stderr.write(`${t('shell.usage')}: ${this.usage}\n`);
      return 1;
    }
    const port = parsePort(portText);
    if (port === undefined) {
      return fail(
        context,
        `could not resolve ${host}/${portText}: Servname not supported for ai_socktype`,
      );
    }
    const address = network.resolve(host);
    if (address === undefined) {
      fail(context, `could not resolve ${host}/${portText}: Name or service not known`);
      hint(context, hostsHint(context));
      return 1;
    }
    context.stdout.write(`Trying ${address}...\n`);
    const result = network.connect(host, port);
    if (!result.ok) {
      fail(context, 'Unable to connect to remote host: Connection refused');
      hint(context, hostsHint(context));
      return 1;
    }
    const reader = new ConnectionReader(result.connection, () => context.terminal?.cancel());
    try {
      context.stdout.write(`Connected to ${host}.\nEscape character is '^]'.\n`);
      reader.pipeTo(context.stdout);
      const connection = result.connection;

      if (context.stdin.kind === 'bytes') {
        connection.send(toCrlf(context.stdin.bytes));
        await reader.settle(400, context.signal);
        if (!reader.cause) {
          connection.close();
          context.stdout.write('Connection closed by foreign host.\n');
          return 1;
        }
      } else if (context.terminal) {
        const editor = context.terminal;
        let interruptHinted = false;
        while (connection.open) {
          const input = await editor.read({ prompt: '', escapeChar: true, history });
          if (input.type === 'cancelled') break;
          if (input.type === 'line') {
            connection.send(encoder.encode(input.text + '\r\n'));
          } else if (input.type === 'interrupt') {
            if (!interruptHinted) hint(context, t('hint.telnetInterrupt'));
            interruptHinted = true;
          } else if (input.type === 'escape') {
            const leave = await escapePrompt(context, host);
            if (leave) {
              connection.close();
              context.stdout.write('Connection closed.\n');
              return 0;
            }
          }
        }
      }
      const cause = await reader.closed;
      context.stdout.write('Connection closed by foreign host.\n');
      if (cause === 'tls-failure') {
        hint(
          context,
          connection.info.tls === 'active'
            ? t('hint.tlsPort', { host, port })
            : t('hint.afterStls', { host, port }),
        );
      }
      return 1;
    } finally {
      reader.release();
    }
  },
};

/** The telnet> prompt after Ctrl-]. Resolves true when the user leaves. */
async function escapePrompt(context: CommandContext, host: string): Promise<boolean> {
  const editor = context.terminal;
  if (!editor) return true;
  for (;;) {
    const input = await editor.read({ prompt: 'telnet> ' });
    if (input.type === 'eof') return true;
    if (input.type !== 'line') return false;
    const command = input.text.trim().toLowerCase();
    if (command === '') return false;
    if ('quit'.startsWith(command) || 'close'.startsWith(command)) return true;
    if (command.startsWith('!')) {
      // As in telnet: run one local command (md5sum for APOP) and go back to the connection.
      const line = input.text.trim().slice(1).trim();
      if (line !== '') await context.shell.runLine(line, context.signal);
      return false;
    }
    if ('status'.startsWith(command)) {
      context.stdout.write(`Connected to ${host}.\nEscape character is '^]'.\n`);
      return false;
    }
    if (command === '?' || 'help'.startsWith(command)) {
      context.stdout.write(
        'Commands may be abbreviated.  Commands are:\n\n' +
          'close\t\tclose current connection\n' +
          'quit\t\texit telnet\n' +
          'status\t\tprint status information\n' +
          '!\t\tinvoke a subshell (here: ! COMMAND runs one command)\n' +
          '?\t\tprint help information\n',
      );
      continue;
    }
    context.stdout.write('?Invalid command\n');
  }
}

/** Line ends of a script become CR LF, as a terminal in line mode would send them. */
export function toCrlf(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x0a && bytes[i - 1] !== 0x0d) out.push(0x0d);
    out.push(byte);
  }
  return Uint8Array.from(out);
}

/** A lab hint: not something the real tool prints, so it is dimmed and only on a screen. */
export function hint(context: CommandContext, text: string): void {
  if (context.stdoutIsTerminal) context.stderr.write(style.dim(text) + '\n');
}
