/** help, clear, history, reset: the commands about the lab itself. */
import { fail, type Command } from '../command';
import { style } from '../../terminal/ansi';

export const clear: Command = {
  name: 'clear',
  usage: 'clear',
  summary: 'help.clear',
  run(context) {
    context.shell.clearScreen();
    return Promise.resolve(0);
  },
};

export const history: Command = {
  name: 'history',
  usage: 'history [-c]',
  summary: 'help.history',
  run(context) {
    const [option] = context.args;
    if (option === '-c') {
      context.shell.history.clear();
      return Promise.resolve(0);
    }
    if (option !== undefined) {
      fail(context, context.shell.t('shell.invalidOption', { option }));
      context.stderr.write(`history: ${context.shell.t('shell.usage')}: ${this.usage}\n`);
      return Promise.resolve(2);
    }
    const lines = context.shell.history.entries.map(
      (entry, index) => `${String(index + 1).padStart(5)}  ${entry}\n`,
    );
    context.stdout.write(lines.join(''));
    return Promise.resolve(0);
  },
};

export const help: Command = {
  name: 'help',
  usage: 'help [COMMAND]',
  summary: 'help.help',
  run(context) {
    const { t, commands } = context.shell;
    const bold = context.stdoutIsTerminal ? style.bold : (s: string) => s;
    const dim = context.stdoutIsTerminal ? style.dim : (s: string) => s;
    const [name] = context.args;
    if (name !== undefined) {
      const command = commands.find((c) => c.name === name);
      if (!command) {
        context.stderr.write(
          `-bash: help: no help topics match '${name}'. ${t('shell.tryHelp')}\n`,
        );
        return Promise.resolve(1);
      }
      context.stdout.write(`${bold(command.usage)}\n    ${t(command.summary)}\n`);
      return Promise.resolve(0);
    }
    const width = Math.max(...commands.map((c) => c.name.length)) + 2;
    const columns = context.stdoutIsTerminal ? context.shell.columns : 100;
    const lines = commands.map(
      (c) => `  ${bold(c.name.padEnd(width))}${wrap(t(c.summary), columns - width - 3, width + 2)}`,
    );
    context.stdout.write(
      [
        t('help.header'),
        ...lines,
        '',
        t('help.exampleTitle'),
        `  ${bold('telnet localhost 110')}  ${dim('→ user chris · pass epikoi · stat · list · top 1 1 · dele 3 · rset · retr 3 · quit')}`,
        '',
        dim(wrap(t('help.footer'), columns - 1, 0)),
        '',
      ].join('\n'),
    );
    return Promise.resolve(0);
  },
};

/** Word-wraps `text` to `width` columns; lines after the first are indented by `indent`. */
export function wrap(text: string, width: number, indent: number): string {
  if (width < 20) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && Array.from(line).length + 1 + Array.from(word).length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join('\n' + ' '.repeat(indent));
}

export const reset: Command = {
  name: 'reset',
  usage: 'reset',
  summary: 'help.reset',
  async run(context) {
    await context.shell.resetSamples();
    context.stdout.write(context.shell.t('reset.done') + '\n');
    return 0;
  },
};
