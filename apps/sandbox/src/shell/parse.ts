/**
 * The shell's command-line grammar, a small subset of POSIX sh:
 *   line     := pipeline ((';' | '&&' | '||') pipeline)* [';']
 *   pipeline := command ('|' command)*
 *   command  := (word | redirection)+        redirection := ('>' | '>>' | '<') word
 * Words: '…' is literal; "…" keeps spaces and expands $NAME, ${NAME} and $? (\\ \" \$ \` escape);
 * a backslash outside quotes escapes the next character; a leading unquoted ~ is $HOME;
 * '#' at the start of a word begins a comment. Expansion happens here, with the given variables.
 */
export interface Redirection {
  readonly op: '>' | '>>' | '<';
  readonly target: string;
}

export interface SimpleCommand {
  readonly argv: readonly string[];
  readonly redirections: readonly Redirection[];
}

export interface Step {
  /** When this step runs: always, only after success (&&), only after failure (||). */
  readonly when: 'always' | 'success' | 'failure';
  readonly pipeline: readonly SimpleCommand[];
}

export type ParseResult =
  | { readonly ok: true; readonly steps: readonly Step[] }
  | { readonly ok: false; readonly error: string };

type Token =
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'op'; readonly op: '|' | ';' | '&&' | '||' | '>' | '>>' | '<' };

export interface Variables {
  get(name: string): string | undefined;
}

class SyntaxError extends Error {}

const OPERATORS = ['&&', '||', '>>', '|', ';', '>', '<'] as const;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function tokenize(line: string, vars: Variables): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const expand = (from: number): { value: string; end: number } => {
    // `line[from]` is '$'.
    const rest = line.slice(from + 1);
    if (rest.startsWith('?')) return { value: vars.get('?') ?? '0', end: from + 2 };
    if (rest.startsWith('{')) {
      const close = rest.indexOf('}');
      if (close === -1) throw new SyntaxError("unexpected EOF while looking for matching `}'");
      const name = rest.slice(1, close);
      if (!NAME.test(name) || NAME.exec(name)?.[0] !== name)
        throw new SyntaxError(`\${${name}}: bad substitution`);
      return { value: vars.get(name) ?? '', end: from + close + 2 };
    }
    const name = NAME.exec(rest)?.[0];
    if (name === undefined) return { value: '$', end: from + 1 };
    return { value: vars.get(name) ?? '', end: from + 1 + name.length };
  };

  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '#') break;
    const op = OPERATORS.find((candidate) => line.startsWith(candidate, i));
    if (op) {
      tokens.push({ kind: 'op', op });
      i += op.length;
      continue;
    }
    if (ch === '&') throw new SyntaxError('background jobs (&) are not supported');
    let word = '';
    let quoted = false;
    if (
      ch === '~' &&
      (line[i + 1] === undefined ||
        line[i + 1] === '/' ||
        ' \t|;<>'.includes(line[i + 1] as string))
    ) {
      word += vars.get('HOME') ?? '~';
      i++;
    }
    while (i < line.length) {
      const c = line[i] as string;
      if (c === ' ' || c === '\t' || OPERATORS.some((o) => line.startsWith(o, i)) || c === '&')
        break;
      if (c === "'") {
        const close = line.indexOf("'", i + 1);
        if (close === -1) throw new SyntaxError("unexpected EOF while looking for matching `''");
        word += line.slice(i + 1, close);
        quoted = true;
        i = close + 1;
      } else if (c === '"') {
        quoted = true;
        i++;
        for (;;) {
          if (i >= line.length)
            throw new SyntaxError('unexpected EOF while looking for matching `"\'');
          const d = line[i] as string;
          if (d === '"') {
            i++;
            break;
          }
          if (d === '\\' && i + 1 < line.length && '\\"$`'.includes(line[i + 1] as string)) {
            word += line[i + 1];
            i += 2;
          } else if (d === '$') {
            const { value, end } = expand(i);
            word += value;
            i = end;
          } else {
            word += d;
            i++;
          }
        }
      } else if (c === '\\') {
        if (i + 1 < line.length) word += line[i + 1];
        quoted = true;
        i += 2;
      } else if (c === '$') {
        const { value, end } = expand(i);
        word += value;
        i = end;
      } else {
        word += c;
        i++;
      }
    }
    // An unquoted expansion to nothing is no word at all, as in sh.
    if (word !== '' || quoted) tokens.push({ kind: 'word', text: word });
  }
  return tokens;
}

export function parseLine(line: string, vars: Variables): ParseResult {
  let tokens: Token[];
  try {
    tokens = tokenize(line, vars);
  } catch (error) {
    if (error instanceof SyntaxError) return { ok: false, error: error.message };
    throw error;
  }
  const steps: Step[] = [];
  let pipeline: SimpleCommand[] = [];
  let argv: string[] = [];
  let redirections: Redirection[] = [];
  let when: Step['when'] = 'always';
  const unexpected = (token: string) => ({
    ok: false as const,
    error: `syntax error near unexpected token \`${token}'`,
  });

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind === 'word') {
      argv.push(token.text);
      continue;
    }
    if (token.op === '>' || token.op === '>>' || token.op === '<') {
      const target = tokens[i + 1];
      if (target?.kind !== 'word') return unexpected(target?.kind === 'op' ? target.op : 'newline');
      redirections.push({ op: token.op, target: target.text });
      i++;
      continue;
    }
    if (argv.length === 0) return unexpected(token.op);
    pipeline.push({ argv, redirections });
    argv = [];
    redirections = [];
    if (token.op === '|') {
      if (i === tokens.length - 1) return unexpected('newline');
      continue;
    }
    steps.push({ when, pipeline });
    pipeline = [];
    when = token.op === '&&' ? 'success' : token.op === '||' ? 'failure' : 'always';
    if (token.op !== ';' && i === tokens.length - 1) return unexpected('newline');
  }
  if (argv.length > 0 || redirections.length > 0) {
    if (argv.length === 0) return { ok: false, error: 'a redirection needs a command' };
    pipeline.push({ argv, redirections });
    steps.push({ when, pipeline });
  }
  return { ok: true, steps };
}
