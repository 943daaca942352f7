/**
 * printf(1) formatting as bash's builtin does it: the format is applied again while arguments
 * remain; a missing argument is an empty string or zero. Conversions: %s %b %c %d %i %u %x %X
 * %o %f %%, with the - and 0 flags, a width and a precision.
 */
import { unescape } from './escapes';

export interface Formatted {
  readonly text: string;
  /** Arguments that were not numbers where a number was wanted. */
  readonly invalidNumbers: readonly string[];
}

const SPEC = /%([-0 +#]*)(\d+|\*)?(?:\.(\d+|\*))?([sbcdiuxXofeEgG%])/g;

function toNumber(value: string | undefined, invalid: string[]): number {
  if (value === undefined || value === '') return 0;
  // 'c gives the code of c, as in C and bash.
  if (/^['"]/.test(value)) return value.codePointAt(1) ?? 0;
  const n = /^[-+]?0x[0-9a-f]+$/i.test(value)
    ? Number.parseInt(value, 16)
    : /^[-+]?0[0-7]+$/.test(value)
      ? Number.parseInt(value, 8)
      : Number(value);
  if (!Number.isFinite(n)) {
    invalid.push(value);
    return Number.parseFloat(value) || 0;
  }
  return n;
}

function pad(text: string, flags: string, width: number | undefined, numeric: boolean): string {
  if (width === undefined || text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (numeric && flags.includes('0')) {
    const sign = /^[-+ ]/.test(text) ? (text[0] as string) : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

export function formatPrintf(format: string, args: readonly string[]): Formatted {
  const invalid: string[] = [];
  let text = '';
  let next = 0;
  for (;;) {
    let usedArgument = false;
    let stopped = false;
    let last = 0;
    const take = (): string | undefined => {
      usedArgument = true;
      return args[next++];
    };
    for (const match of format.matchAll(SPEC)) {
      const literal = unescape(format.slice(last, match.index), false);
      text += literal.text;
      last = match.index + match[0].length;
      if (literal.stop) {
        stopped = true;
        break;
      }
      const [, flags = '', widthSpec, precisionSpec, conversion] = match;
      if (conversion === '%') {
        text += '%';
        continue;
      }
      const width =
        widthSpec === '*' ? toNumber(take(), invalid) : widthSpec ? Number(widthSpec) : undefined;
      const precision =
        precisionSpec === '*'
          ? toNumber(take(), invalid)
          : precisionSpec
            ? Number(precisionSpec)
            : undefined;
      const argument = take();
      switch (conversion) {
        case 's': {
          const value = argument ?? '';
          text += pad(
            precision === undefined ? value : value.slice(0, precision),
            flags,
            width,
            false,
          );
          break;
        }
        case 'b': {
          const value = unescape(argument ?? '', true);
          text += pad(value.text, flags, width, false);
          if (value.stop) return { text, invalidNumbers: invalid };
          break;
        }
        case 'c':
          text += pad((argument ?? '').slice(0, 1), flags, width, false);
          break;
        case 'd':
        case 'i':
        case 'u': {
          const n = Math.trunc(toNumber(argument, invalid));
          let digits = String(Math.abs(n));
          if (precision !== undefined) digits = digits.padStart(precision, '0');
          const sign = n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
          text += pad(sign + digits, flags, width, precision === undefined);
          break;
        }
        case 'x':
        case 'X':
        case 'o': {
          const n = Math.trunc(toNumber(argument, invalid));
          let digits = (n >>> 0).toString(conversion === 'o' ? 8 : 16);
          if (conversion === 'X') digits = digits.toUpperCase();
          if (precision !== undefined) digits = digits.padStart(precision, '0');
          text += pad(digits, flags, width, precision === undefined);
          break;
        }
        default: {
          // f, e, g: enough for teaching purposes.
          const n = toNumber(argument, invalid);
          const formatted =
            conversion === 'f'
              ? n.toFixed(precision ?? 6)
              : conversion === 'e' || conversion === 'E'
                ? n.toExponential(precision ?? 6)
                : String(Number(n.toPrecision(precision || 6)));
          text += pad(
            conversion === 'E' || conversion === 'G' ? formatted.toUpperCase() : formatted,
            flags,
            width,
            true,
          );
        }
      }
    }
    if (!stopped) {
      const tail = unescape(format.slice(last), false);
      text += tail.text;
      stopped = tail.stop;
    }
    if (stopped || !usedArgument || next >= args.length) break;
  }
  return { text, invalidNumbers: invalid };
}
