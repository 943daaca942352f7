/**
 * Option parsing in the POSIX manner: grouped flags (-la), a value glued or separate (-w0,
 * -w 0), long options mapped to short ones (--decode → d, --wrap=0), `--` ending options, and
 * `-` as an operand (standard input).
 */
export interface OptionSpec {
  /** Letters that take no value. */
  readonly flags?: string;
  /** Letters that take a value. */
  readonly values?: string;
  /** Long names (without --) for letters. */
  readonly long?: Readonly<Record<string, string>>;
}

export type Options =
  | {
      readonly ok: true;
      readonly options: ReadonlyMap<string, string>;
      readonly operands: readonly string[];
    }
  | {
      readonly ok: false;
      readonly error: {
        readonly kind: 'invalid' | 'unknown' | 'missing-value';
        readonly option: string;
      };
    };

export function getopt(args: readonly string[], spec: OptionSpec): Options {
  const flags = spec.flags ?? '';
  const values = spec.values ?? '';
  const options = new Map<string, string>();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name = '', inline] = arg.slice(2).split(/=(.*)/s);
      const letter = spec.long?.[name];
      if (letter === undefined) return { ok: false, error: { kind: 'unknown', option: arg } };
      if (values.includes(letter)) {
        const value = inline ?? args[++i];
        if (value === undefined)
          return { ok: false, error: { kind: 'missing-value', option: arg } };
        options.set(letter, value);
      } else options.set(letter, '');
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] as string;
        if (values.includes(letter)) {
          const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
          if (value === undefined)
            return { ok: false, error: { kind: 'missing-value', option: letter } };
          options.set(letter, value);
          break;
        }
        if (!flags.includes(letter))
          return { ok: false, error: { kind: 'invalid', option: letter } };
        options.set(letter, '');
      }
      continue;
    }
    operands.push(arg);
  }
  return { ok: true, options, operands };
}
