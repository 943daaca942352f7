/**
 * seq and grep: enough to build a file of commands and to find lines in an answer, as the
 * mail-bomb lab does (`seq -f 'dele %g' 1 136`, `nc … | grep '^From:' | cat -n`).
 */
import { fail, readAllInput, type Command, type CommandContext } from '../command';
import { fsErrorKey } from '../errors';
import { getopt } from '../getopt';
import { optionError } from './option-errors';

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const FLOAT_DIRECTIVE = /%([-+ 0#]*)(\d*)(?:\.(\d+))?([gGeEf])/;

/** One number as seq prints it through a printf floating-point directive. */
function formatNumber(value: number, format: string): string {
  return format.replace(
    /%%|%([-+ 0#]*)(\d*)(?:\.(\d+))?([gGeEf])/g,
    (whole, flags: string, width: string, precision: string | undefined, kind: string) => {
      if (whole === '%%') return '%';
      let text: string;
      if (kind === 'f') text = value.toFixed(precision === undefined ? 6 : Number(precision));
      else if (kind === 'e' || kind === 'E')
        text = value.toExponential(precision === undefined ? 6 : Number(precision));
      else
        text =
          precision === undefined
            ? String(value)
            : String(Number(value.toPrecision(Math.max(1, Number(precision)))));
      if (kind === 'E' || kind === 'G') text = text.toUpperCase();
      if (flags.includes('+') && value >= 0) text = `+${text}`;
      const size = Number(width || 0);
      if (text.length < size) {
        if (flags.includes('-')) text = text.padEnd(size);
        else if (flags.includes('0')) {
          const sign = /^[-+]/.test(text) ? (text[0] as string) : '';
          text = sign + text.slice(sign.length).padStart(size - sign.length, '0');
        } else text = text.padStart(size);
      }
      return text;
    },
  );
}

export const seq: Command = {
  name: 'seq',
  usage: 'seq [-f FORMAT] [-s SEPARATOR] [-w] [FIRST [INCREMENT]] LAST',
  summary: 'help.seq',
  run(context) {
    // Options first, then numbers (which may be negative, so getopt cannot see them).
    let format: string | undefined;
    let separator = '\n';
    let equalWidth = false;
    const operands: string[] = [];
    const args = context.args;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] as string;
      if (operands.length === 0 && !NUMBER.test(arg) && arg.startsWith('-') && arg !== '-') {
        const parsed = getopt([arg, ...(arg === '-f' || arg === '-s' ? [args[i + 1] ?? ''] : [])], {
          flags: 'w',
          values: 'fs',
          long: { format: 'f', separator: 's', 'equal-width': 'w' },
        });
        if (!parsed.ok) return Promise.resolve(optionError(context, parsed.error, this.usage));
        if (arg === '-f' || arg === '-s') i++;
        if (parsed.options.has('f')) format = parsed.options.get('f');
        if (parsed.options.has('s')) separator = parsed.options.get('s') ?? '\n';
        if (parsed.options.has('w')) equalWidth = true;
        continue;
      }
      operands.push(arg);
    }
    if (operands.length === 0 || operands.length > 3) {
      fail(context, context.shell.t('shell.missingOperand'));
      context.stderr.write(`${context.shell.t('shell.usage')}: ${this.usage}\n`);
      return Promise.resolve(1);
    }
    const bad = operands.find((operand) => !NUMBER.test(operand));
    if (bad !== undefined)
      return Promise.resolve(fail(context, context.shell.t('seq.invalid', { value: bad })));
    const numbers = operands.map(Number);
    const [first, step, last] =
      numbers.length === 1
        ? [1, 1, numbers[0] as number]
        : numbers.length === 2
          ? [numbers[0] as number, 1, numbers[1] as number]
          : (numbers as [number, number, number]);
    if (step === 0) return Promise.resolve(fail(context, context.shell.t('seq.zeroStep')));
    if (format !== undefined && !FLOAT_DIRECTIVE.test(format)) {
      return Promise.resolve(fail(context, context.shell.t('seq.badFormat', { format })));
    }
    const count = Math.floor((last - first) / step) + 1;
    if (count > 100_000) return Promise.resolve(fail(context, context.shell.t('seq.tooMany')));
    const values: string[] = [];
    for (let i = 0; i < count; i++) {
      const value = first + i * step;
      values.push(
        format === undefined ? String(Number(value.toPrecision(12))) : formatNumber(value, format),
      );
    }
    if (equalWidth && format === undefined) {
      const width = Math.max(...values.map((value) => value.replace('-', '').length));
      values.forEach((value, index) => {
        const negative = value.startsWith('-');
        values[index] = (negative ? '-' : '') + value.replace('-', '').padStart(width, '0');
      });
    }
    if (values.length > 0) context.stdout.write(values.join(separator) + '\n');
    return Promise.resolve(0);
  },
};

/**
 * A basic regular expression (POSIX BRE, as grep reads it by default) as a JavaScript one:
 * `\( \) \| \{ \} \+ \?` are the operators, `( ) | { } + ?` plain characters.
 */
export function basicToJs(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i] as string;
      out += '(){}|+?'.includes(next) ? next : `\\${next}`;
    } else if ('(){}|+?'.includes(char)) {
      out += `\\${char}`;
    } else out += char;
  }
  return out;
}

async function grepInputs(
  context: CommandContext,
  files: readonly string[],
): Promise<{ name: string; text: string }[] | number> {
  if (files.length === 0) {
    const bytes = await readAllInput(context);
    if (bytes === undefined) return 130;
    return [{ name: '(standard input)', text: new TextDecoder().decode(bytes) }];
  }
  const inputs: { name: string; text: string }[] = [];
  for (const file of files) {
    if (file === '-') {
      const bytes = await readAllInput(context);
      if (bytes === undefined) return 130;
      inputs.push({ name: '(standard input)', text: new TextDecoder().decode(bytes) });
      continue;
    }
    try {
      inputs.push({
        name: file,
        text: new TextDecoder().decode(
          await context.shell.fs.readFile(context.shell.resolve(file)),
        ),
      });
    } catch (error) {
      fail(context, `${file}: ${context.shell.t(fsErrorKey(error))}`);
    }
  }
  return inputs;
}

export const grep: Command = {
  name: 'grep',
  usage: 'grep [-icnvE] [-e PATTERN] PATTERN [FILE]...',
  summary: 'help.grep',
  async run(context) {
    const parsed = getopt(context.args, {
      flags: 'icnvEF',
      values: 'e',
      long: {
        'ignore-case': 'i',
        count: 'c',
        'line-number': 'n',
        'invert-match': 'v',
        'extended-regexp': 'E',
        'fixed-strings': 'F',
        regexp: 'e',
      },
    });
    if (!parsed.ok) return optionError(context, parsed.error, this.usage);
    const operands = [...parsed.operands];
    const pattern = parsed.options.get('e') ?? operands.shift();
    if (pattern === undefined) {
      context.stderr.write(`${context.shell.t('shell.usage')}: ${this.usage}\n`);
      return 2;
    }
    let regex: RegExp;
    try {
      const source = parsed.options.has('F')
        ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        : parsed.options.has('E')
          ? pattern
          : basicToJs(pattern);
      regex = new RegExp(source, parsed.options.has('i') ? 'i' : '');
    } catch {
      fail(context, context.shell.t('grep.badPattern', { pattern }));
      return 2;
    }
    const inputs = await grepInputs(context, operands);
    if (typeof inputs === 'number') return inputs;
    const several = inputs.length > 1;
    let matched = 0;
    for (const input of inputs) {
      const lines = input.text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      let count = 0;
      lines.forEach((line, index) => {
        // The line end, CR included, is not part of what is matched (as on files with CRLF).
        if (regex.test(line.replace(/\r$/, '')) === parsed.options.has('v')) return;
        count++;
        if (parsed.options.has('c')) return;
        const prefix = `${several ? `${input.name}:` : ''}${parsed.options.has('n') ? `${index + 1}:` : ''}`;
        context.stdout.write(`${prefix}${line}\n`);
      });
      if (parsed.options.has('c'))
        context.stdout.write(`${several ? `${input.name}:` : ''}${count}\n`);
      matched += count;
    }
    return matched > 0 ? 0 : 1;
  },
};
