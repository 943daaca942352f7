/** echo, printf, base64, md5sum: the commands that make and check protocol strings by hand. */
import { md5 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { fail, readAllInput, type Command } from '../command';
import { fsErrorKey } from '../errors';
import { getopt } from '../getopt';
import { decodeBase64, encodeBase64, wrapBase64 } from '../text/base64';
import { unescape } from '../text/escapes';
import { formatPrintf } from '../text/printf-format';
import { optionError } from './option-errors';

export const echo: Command = {
  name: 'echo',
  usage: 'echo [-neE] [STRING]...',
  summary: 'help.echo',
  run(context) {
    // Like bash's builtin: leading words made only of n, e, E letters are options.
    let newline = true;
    let escapes = false;
    let index = 0;
    for (; index < context.args.length; index++) {
      const arg = context.args[index] as string;
      if (!/^-[neE]+$/.test(arg)) break;
      for (const letter of arg.slice(1)) {
        if (letter === 'n') newline = false;
        else if (letter === 'e') escapes = true;
        else escapes = false;
      }
    }
    let text = context.args.slice(index).join(' ');
    if (escapes) {
      const result = unescape(text, true);
      text = result.text;
      if (result.stop) newline = false;
    }
    context.stdout.write(text + (newline ? '\n' : ''));
    return Promise.resolve(0);
  },
};

export const printf: Command = {
  name: 'printf',
  usage: 'printf FORMAT [ARGUMENT]...',
  summary: 'help.printf',
  run(context) {
    const [format, ...args] = context.args;
    if (format === undefined) {
      context.stderr.write(`-bash: printf: ${context.shell.t('shell.usage')}: ${this.usage}\n`);
      return Promise.resolve(2);
    }
    const result = formatPrintf(format, args);
    for (const value of result.invalidNumbers) {
      context.stderr.write(
        `-bash: printf: ${context.shell.t('printf.invalidNumber', { value })}\n`,
      );
    }
    context.stdout.write(result.text);
    return Promise.resolve(result.invalidNumbers.length > 0 ? 1 : 0);
  },
};

export const base64: Command = {
  name: 'base64',
  usage: 'base64 [-d] [-i] [-w COLS] [FILE]',
  summary: 'help.base64',
  async run(context) {
    const parsed = getopt(context.args, {
      flags: 'di',
      values: 'w',
      long: { decode: 'd', 'ignore-garbage': 'i', wrap: 'w' },
    });
    if (!parsed.ok) return optionError(context, parsed.error, this.usage);
    if (parsed.operands.length > 1) {
      fail(
        context,
        context.shell.t('shell.extraOperand', { operand: parsed.operands[1] as string }),
      );
      return 1;
    }
    const wrapOption = parsed.options.get('w');
    const width = wrapOption === undefined ? 76 : Number(wrapOption);
    if (!Number.isInteger(width) || width < 0)
      return fail(context, `invalid wrap size: '${wrapOption}'`);
    const file = parsed.operands[0] ?? '-';
    let input: Uint8Array | undefined;
    if (file === '-') input = await readAllInput(context);
    else {
      try {
        input = await context.shell.fs.readFile(context.shell.resolve(file));
      } catch (error) {
        return fail(context, `${file}: ${context.shell.t(fsErrorKey(error))}`);
      }
    }
    if (input === undefined) return 130;
    if (!parsed.options.has('d')) {
      context.stdout.write(wrapBase64(encodeBase64(input), width));
      return 0;
    }
    const decoded = decodeBase64(new TextDecoder().decode(input), parsed.options.has('i'));
    if (!decoded.ok) {
      context.stdout.write(decoded.partial);
      return fail(context, context.shell.t('base64.invalid'));
    }
    context.stdout.write(decoded.bytes);
    return 0;
  },
};

export const md5sum: Command = {
  name: 'md5sum',
  usage: 'md5sum [FILE]...',
  summary: 'help.md5sum',
  async run(context) {
    const parsed = getopt(context.args, { flags: 'bt', long: { binary: 'b', text: 't' } });
    if (!parsed.ok) return optionError(context, parsed.error, this.usage);
    const files = parsed.operands.length > 0 ? parsed.operands : ['-'];
    let status = 0;
    for (const file of files) {
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
      context.stdout.write(`${bytesToHex(md5(bytes))}  ${file}\n`);
    }
    return status;
  },
};
