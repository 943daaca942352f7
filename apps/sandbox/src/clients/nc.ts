/**
 * nc [-C] [-v] HOST PORT: a raw connection with nothing added. Lines go out with a bare LF, as
 * netcat sends them (-C: CR LF), which shows that a tolerant server accepts both. Ctrl-D or
 * Ctrl-C ends it; so does the server closing. With a pipe on its input (printf … | nc …) the
 * bytes are sent as they are.
 */
import { fail, type Command } from '../shell/command';
import { getopt } from '../shell/getopt';
import { optionError } from '../shell/commands/option-errors';
import { History } from '../terminal/history';
import { ConnectionReader, parsePort, serviceName } from './connection-reader';
import { hostsHint } from './hints';
import { hint } from './telnet';

const encoder = new TextEncoder();
const history = new History(200);

export const nc: Command = {
  name: 'nc',
  usage: 'nc [-Cv] HOST PORT',
  summary: 'help.nc',
  async run(context) {
    const parsed = getopt(context.args, { flags: 'Cvn', values: 'wq' });
    if (!parsed.ok) return optionError(context, parsed.error, this.usage);
    const [host, portText, extra] = parsed.operands;
    if (host === undefined || portText === undefined || extra !== undefined) {
      context.stderr.write(`${context.shell.t('shell.usage')}: ${this.usage}\n`);
      return 1;
    }
    const port = parsePort(portText);
    if (port === undefined) return fail(context, `port number invalid: ${portText}`);
    const verbose = parsed.options.has('v');
    const lineEnd = parsed.options.has('C') ? '\r\n' : '\n';
    const result = context.shell.network.connect(host, port);
    if (!result.ok) {
      if (result.error === 'unknown-host') {
        fail(context, `getaddrinfo for host "${host}" port ${portText}: Name or service not known`);
      } else {
        fail(context, `connect to ${host} port ${port} (tcp) failed: Connection refused`);
      }
      hint(context, hostsHint(context));
      return 1;
    }
    const connection = result.connection;
    const reader = new ConnectionReader(connection, () => context.terminal?.cancel());
    try {
      if (verbose)
        context.stderr.write(
          `Connection to ${host} ${port} port [tcp/${serviceName(port)}] succeeded!\n`,
        );
      reader.pipeTo(context.stdout);

      if (context.stdin.kind === 'bytes') {
        connection.send(context.stdin.bytes);
        await reader.settle(400, context.signal);
        connection.close();
        return context.signal.aborted ? 130 : 0;
      }
      const editor = context.terminal;
      while (editor && connection.open) {
        const input = await editor.read({ prompt: '', history });
        if (input.type === 'line') connection.send(encoder.encode(input.text + lineEnd));
        else if (input.type === 'eof') {
          connection.close();
          return 0;
        } else if (input.type === 'interrupt') {
          connection.close();
          return 130;
        } else break;
      }
      await reader.closed;
      return 0;
    } finally {
      reader.release();
    }
  },
};
