/** cat, ls, cd, pwd: the file-system commands, on the lab's volume. */
import { fail, readAllInput, type Command, type CommandContext } from '../command';
import { fsErrorKey } from '../errors';
import { getopt } from '../getopt';
import { join } from '../posix-path';
import type { ShellStat } from '../shell-fs';
import { optionError } from './option-errors';

const encoder = new TextEncoder();

/** cat -A: line ends as $, CR as ^M, tabs as ^I, other control bytes as ^X. */
function showAll(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const byte of bytes) {
    if (byte === 0x0a) out.push(0x24, 0x0a);
    else if (byte < 0x20 || byte === 0x7f) out.push(0x5e, byte === 0x7f ? 0x3f : byte + 0x40);
    else out.push(byte);
  }
  return Uint8Array.from(out);
}

function numberLines(text: string, start: number): { text: string; next: number } {
  let n = start;
  const lines = text.split('\n');
  const last = lines.pop();
  const numbered = lines.map((line) => `${String(n++).padStart(6)}\t${line}\n`).join('');
  return {
    text: numbered + (last ? `${String(n++).padStart(6)}\t${last}` : ''),
    next: n,
  };
}

export const cat: Command = {
  name: 'cat',
  usage: 'cat [-nA] [FILE]...',
  summary: 'help.cat',
  async run(context) {
    const parsed = getopt(context.args, {
      flags: 'nAvET',
      long: { number: 'n', 'show-all': 'A' },
    });
    if (!parsed.ok) return optionError(context, parsed.error, this.usage);
    const files = parsed.operands.length > 0 ? parsed.operands : ['-'];
    let status = 0;
    let line = 1;
    for (const file of files) {
      if (context.signal.aborted) return 130;
      let bytes: Uint8Array | undefined;
      if (file === '-') {
        bytes = await readAllInput(context);
        if (bytes === undefined) return 130;
      } else {
        try {
          bytes = await context.shell.fs.readFile(context.shell.resolve(file));
        } catch (error) {
          fail(context, `${file}: ${context.shell.t(fsErrorKey(error))}`);
          status = 1;
          continue;
        }
      }
      if (parsed.options.has('A')) bytes = showAll(bytes);
      if (parsed.options.has('n')) {
        const numbered = numberLines(new TextDecoder().decode(bytes), line);
        line = numbered.next;
        bytes = encoder.encode(numbered.text);
      }
      context.stdout.write(bytes);
    }
    return status;
  },
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function modeString(stat: ShellStat): string {
  const bits = stat.mode & 0o777;
  let out = stat.isDirectory() ? 'd' : '-';
  for (let shift = 6; shift >= 0; shift -= 3) {
    const triple = (bits >> shift) & 7;
    out += (triple & 4 ? 'r' : '-') + (triple & 2 ? 'w' : '-') + (triple & 1 ? 'x' : '-');
  }
  return out;
}

/** Who owns a path in this lab: each user their home and spool file, root the rest. */
function owner(path: string): { user: string; group: string } {
  const home = /^\/home\/([^/]+)/.exec(path)?.[1];
  if (home) return { user: home, group: home };
  const spool = /^\/var\/spool\/mail\/([^/]+)$/.exec(path)?.[1];
  if (spool) return { user: spool, group: 'mail' };
  return { user: 'root', group: path.startsWith('/var/spool/mail') ? 'mail' : 'root' };
}

function longLine(path: string, name: string, stat: ShellStat): string {
  const date = new Date(stat.mtimeMs);
  const when = `${MONTHS[date.getMonth()]} ${String(date.getDate()).padStart(2)} ${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  const { user, group } = owner(path);
  const size = stat.isDirectory() ? 4096 : stat.size;
  return `${modeString(stat)} 1 ${user.padEnd(8)} ${group.padEnd(8)} ${String(size).padStart(8)} ${when} ${name}`;
}

/** Directories in bold blue, as `ls --color` shows them. */
function colour(name: string, stat: ShellStat, toTerminal: boolean): string {
  return toTerminal && stat.isDirectory() ? `\x1b[1;34m${name}\x1b[0m` : name;
}

export const ls: Command = {
  name: 'ls',
  usage: 'ls [-laR1] [FILE]...',
  summary: 'help.ls',
  async run(context) {
    const parsed = getopt(context.args, {
      flags: 'laR1',
      long: { all: 'a', recursive: 'R' },
    });
    if (!parsed.ok) return optionError(context, parsed.error, this.usage);
    const { fs, t } = context.shell;
    const long = parsed.options.has('l');
    const all = parsed.options.has('a');
    const recursive = parsed.options.has('R');
    const toTerminal = context.stdoutIsTerminal;
    const operands = parsed.operands.length > 0 ? parsed.operands : ['.'];
    let status = 0;
    const out: string[] = [];

    const listDirectory = async (shown: string, path: string, header: boolean) => {
      let names: string[];
      try {
        names = await fs.readdir(path);
      } catch (error) {
        fail(context, `cannot open directory '${shown}': ${t(fsErrorKey(error))}`);
        status = 2;
        return;
      }
      if (!all) names = names.filter((name) => !name.startsWith('.'));
      const entries: { name: string; path: string; stat: ShellStat }[] = [];
      if (all) {
        for (const dot of ['.', '..']) entries.push({ name: dot, path, stat: await fs.stat(path) });
      }
      for (const name of names) {
        const child = join(path, name);
        entries.push({ name, path: child, stat: await fs.stat(child) });
      }
      if (header) out.push(`${shown}:`);
      if (long) {
        out.push(`total ${Math.ceil(entries.reduce((sum, e) => sum + e.stat.size, 0) / 1024)}`);
        for (const entry of entries)
          out.push(longLine(entry.path, colour(entry.name, entry.stat, toTerminal), entry.stat));
      } else if (toTerminal && !parsed.options.has('1')) {
        if (entries.length > 0)
          out.push(entries.map((e) => colour(e.name, e.stat, true)).join('  '));
      } else {
        for (const entry of entries) out.push(entry.name);
      }
      if (recursive) {
        for (const entry of entries) {
          if (entry.stat.isDirectory() && entry.name !== '.' && entry.name !== '..') {
            out.push('');
            await listDirectory(join(shown, entry.name), entry.path, true);
          }
        }
      }
    };

    const files: string[] = [];
    const directories: string[] = [];
    for (const operand of operands) {
      const path = context.shell.resolve(operand);
      try {
        const stat = await fs.stat(path);
        if (stat.isDirectory()) directories.push(operand);
        else files.push(long ? longLine(path, operand, stat) : operand);
      } catch (error) {
        fail(context, `cannot access '${operand}': ${t(fsErrorKey(error))}`);
        status = 2;
      }
    }
    out.push(...files);
    const headers = operands.length > 1 || recursive;
    for (const [index, directory] of directories.entries()) {
      if (index > 0 || files.length > 0) out.push('');
      await listDirectory(directory, context.shell.resolve(directory), headers);
    }
    if (out.length > 0) context.stdout.write(out.join('\n') + '\n');
    return status;
  },
};

export const cd: Command = {
  name: 'cd',
  usage: 'cd [DIR]',
  summary: 'help.cd',
  async run(context) {
    const { shell } = context;
    if (context.args.length > 1) {
      context.stderr.write(`-bash: cd: ${shell.t('cd.tooMany')}\n`);
      return 1;
    }
    const wanted = context.args[0];
    let target: string;
    if (wanted === undefined) target = shell.home;
    else if (wanted === '-') {
      if (shell.previousDirectory === undefined) {
        context.stderr.write(`-bash: cd: ${shell.t('cd.noOldpwd')}\n`);
        return 1;
      }
      target = shell.previousDirectory;
      context.stdout.write(target + '\n');
    } else target = shell.resolve(wanted);
    try {
      const stat = await shell.fs.stat(target);
      if (!stat.isDirectory())
        throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    } catch (error) {
      context.stderr.write(`-bash: cd: ${wanted ?? target}: ${shell.t(fsErrorKey(error))}\n`);
      return 1;
    }
    shell.previousDirectory = shell.cwd;
    shell.cwd = target;
    return 0;
  },
};

export const pwd: Command = {
  name: 'pwd',
  usage: 'pwd',
  summary: 'help.pwd',
  run(context: CommandContext) {
    context.stdout.write(context.shell.cwd + '\n');
    return Promise.resolve(0);
  },
};
