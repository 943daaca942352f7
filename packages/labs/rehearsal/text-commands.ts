/**
 * The file and text commands a lab solution may run, with the options the labs use and the
 * output the sandbox's shell gives: echo, printf, seq, cat, grep, md5sum, base64, ls, pwd, cd.
 */
import { createHash } from 'node:crypto';
import type { MailFs } from '@pop3-lab/core';

export interface TextContext {
  readonly argv: readonly string[];
  /** Standard input, when it is a pipe or a file; undefined when it is the terminal. */
  readonly stdin: string | undefined;
  readonly fs: MailFs;
  cwd: string;
  readonly home: string;
  out(text: string): void;
  err(text: string): void;
}

export type TextCommand = (context: TextContext) => Promise<number>;

export function resolvePath(cwd: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
  const resolved: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') resolved.pop();
    else resolved.push(part);
  }
  return '/' + resolved.join('/');
}

function splitOptions(
  argv: readonly string[],
  flags: string,
  withValue = '',
): {
  options: Map<string, string>;
  operands: string[];
} {
  const options = new Map<string, string>();
  const operands: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg.length > 1 && operands.length === 0 && !/^-\d/.test(arg)) {
      for (let j = 1; j < arg.length; j++) {
        const flag = arg[j] as string;
        if (withValue.includes(flag)) {
          const value = arg.slice(j + 1) || (argv[++i] as string);
          options.set(flag, value);
          break;
        }
        if (!flags.includes(flag)) throw new Error(`${argv[0]}: invalid option -- '${flag}'`);
        options.set(flag, '');
      }
    } else operands.push(arg);
  }
  return { options, operands };
}

function unescape(text: string): string {
  return text.replace(/\\([nrt\\]|0[0-7]{0,3})/g, (_, code: string) => {
    if (code === 'n') return '\n';
    if (code === 'r') return '\r';
    if (code === 't') return '\t';
    if (code === '\\') return '\\';
    return String.fromCharCode(parseInt(code.slice(1) || '0', 8));
  });
}

async function readInputs(
  context: TextContext,
  operands: readonly string[],
): Promise<string | undefined> {
  if (operands.length === 0 || (operands.length === 1 && operands[0] === '-'))
    return context.stdin ?? '';
  let text = '';
  for (const operand of operands) {
    try {
      text += new TextDecoder().decode(
        await context.fs.readFile(resolvePath(context.cwd, operand)),
      );
    } catch {
      context.err(`${context.argv[0]}: ${operand}: No such file or directory\n`);
      return undefined;
    }
  }
  return text;
}

function lines(text: string): string[] {
  const split = text.split('\n');
  if (split[split.length - 1] === '') split.pop();
  return split;
}

export const textCommands: Readonly<Record<string, TextCommand>> = {
  async echo(context) {
    const args = [...context.argv.slice(1)];
    let newline = true;
    let escapes = false;
    while (args[0] !== undefined && /^-[neE]+$/.test(args[0])) {
      const flags = args.shift() as string;
      if (flags.includes('n')) newline = false;
      if (flags.includes('e')) escapes = true;
    }
    const text = args.join(' ');
    context.out((escapes ? unescape(text) : text) + (newline ? '\n' : ''));
    return 0;
  },
  async printf(context) {
    const [format, ...args] = context.argv.slice(1);
    if (format === undefined) throw new Error('printf: usage: printf FORMAT [ARGUMENT]...');
    let output = '';
    let index = 0;
    do {
      output += unescape(format).replace(/%([%sdig])/g, (_, kind: string) => {
        if (kind === '%') return '%';
        const value = args[index++] ?? '';
        return kind === 's' ? value : String(Number(value) || 0);
      });
    } while (index < args.length && index > 0);
    context.out(output);
    return 0;
  },
  async seq(context) {
    const { options, operands } = splitOptions(context.argv, '', 'fs');
    const numbers = operands.map(Number);
    if (numbers.length === 0 || numbers.some((n) => !Number.isFinite(n)))
      throw new Error('seq: bad operands');
    const [first, step, last] =
      numbers.length === 1
        ? [1, 1, numbers[0] as number]
        : numbers.length === 2
          ? [numbers[0] as number, 1, numbers[1] as number]
          : (numbers as [number, number, number]);
    const format = options.get('f') ?? '%g';
    const separator = options.get('s') ?? '\n';
    const values: string[] = [];
    for (let n = first; step > 0 ? n <= last : n >= last; n += step) {
      values.push(format.replace(/%g/, String(n)));
    }
    if (values.length > 0) context.out(values.join(separator) + '\n');
    return 0;
  },
  async cat(context) {
    const { options, operands } = splitOptions(context.argv, 'nA');
    const text = await readInputs(context, operands);
    if (text === undefined) return 1;
    if (options.has('n')) {
      context.out(
        lines(text)
          .map((line, i) => `${String(i + 1).padStart(6)}\t${line}\n`)
          .join(''),
      );
    } else context.out(text);
    return 0;
  },
  async grep(context) {
    const { options, operands } = splitOptions(context.argv, 'ivcnE', 'e');
    const pattern = options.get('e') ?? operands.shift();
    if (pattern === undefined) throw new Error('grep: no pattern');
    const text = await readInputs(context, operands);
    if (text === undefined) return 2;
    const regex = new RegExp(pattern, options.has('i') ? 'i' : '');
    const matches = lines(text.replace(/\r\n/g, '\n'))
      .map((line, i) => ({ line, number: i + 1 }))
      .filter(({ line }) => regex.test(line) !== options.has('v'));
    if (options.has('c')) context.out(`${matches.length}\n`);
    else
      context.out(
        matches
          .map(({ line, number }) => (options.has('n') ? `${number}:${line}\n` : `${line}\n`))
          .join(''),
      );
    return matches.length > 0 ? 0 : 1;
  },
  async md5sum(context) {
    const { operands } = splitOptions(context.argv, '');
    const text = await readInputs(context, operands);
    if (text === undefined) return 1;
    context.out(`${createHash('md5').update(text, 'utf8').digest('hex')}  ${operands[0] ?? '-'}\n`);
    return 0;
  },
  async base64(context) {
    const { options, operands } = splitOptions(context.argv, 'd', 'w');
    const text = await readInputs(context, operands);
    if (text === undefined) return 1;
    if (options.has('d')) context.out(Buffer.from(text.trim(), 'base64').toString('utf8'));
    else context.out(Buffer.from(text, 'utf8').toString('base64') + '\n');
    return 0;
  },
  async ls(context) {
    const { options, operands } = splitOptions(context.argv, 'la1A');
    const targets = operands.length > 0 ? operands : ['.'];
    for (const target of targets) {
      const path = resolvePath(context.cwd, target);
      try {
        const stats = await context.fs.stat(path);
        if (!stats.isDirectory()) {
          context.out(options.has('l') ? `-rw------- 1 ${stats.size} ${target}\n` : `${target}\n`);
          continue;
        }
        const names = (await context.fs.readdir(path))
          .filter((name) => options.has('a') || !name.startsWith('.'))
          .sort();
        if (targets.length > 1) context.out(`${target}:\n`);
        for (const name of names) {
          if (options.has('l')) {
            const entry = await context.fs.stat(`${path}/${name}`);
            context.out(`${entry.isDirectory() ? 'd' : '-'}rw------- 1 ${entry.size} ${name}\n`);
          } else context.out(`${name}\n`);
        }
      } catch {
        context.err(`ls: cannot access '${target}': No such file or directory\n`);
        return 2;
      }
    }
    return 0;
  },
  async pwd(context) {
    context.out(`${context.cwd}\n`);
    return 0;
  },
  async cd(context) {
    const target = resolvePath(context.cwd, context.argv[1] ?? context.home);
    try {
      if (!(await context.fs.stat(target)).isDirectory()) throw new Error('not a directory');
    } catch {
      context.err(`cd: ${context.argv[1]}: No such file or directory\n`);
      return 1;
    }
    context.cwd = target;
    return 0;
  },
};
