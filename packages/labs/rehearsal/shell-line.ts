/**
 * The command lines a lab solution may use, read the way a POSIX shell reads them:
 * pipelines (`|`), lists (`;`, `&&`, `||`), redirections (`>`, `>>`, `<`), '…' and "…"
 * quoting, backslash escapes and a leading `~`. No variables and no globbing: a solution
 * that needs more is a sign it is too clever for a student to type.
 */
export interface SimpleCommand {
  readonly argv: readonly string[];
  readonly redirections: readonly { readonly op: '>' | '>>' | '<'; readonly target: string }[];
}

export interface ListItem {
  readonly when: 'always' | 'success' | 'failure';
  readonly pipeline: readonly SimpleCommand[];
}

type Token = { readonly word: string } | { readonly op: string };

const OPERATORS = ['&&', '||', '>>', '|', ';', '>', '<'];

export function parseShellLine(line: string, home: string): ListItem[] {
  const tokens = tokenize(line, home);
  const items: ListItem[] = [];
  let when: ListItem['when'] = 'always';
  let pipeline: SimpleCommand[] = [];
  let argv: string[] = [];
  let redirections: { op: '>' | '>>' | '<'; target: string }[] = [];
  const endCommand = () => {
    if (argv.length === 0) throw new Error(`syntax error in: ${line}`);
    pipeline.push({ argv, redirections });
    argv = [];
    redirections = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if ('word' in token) {
      argv.push(token.word);
      continue;
    }
    if (token.op === '>' || token.op === '>>' || token.op === '<') {
      const target = tokens[++i];
      if (target === undefined || !('word' in target))
        throw new Error(`syntax error near ${token.op}`);
      redirections.push({ op: token.op, target: target.word });
      continue;
    }
    endCommand();
    if (token.op === '|') continue;
    items.push({ when, pipeline });
    pipeline = [];
    when = token.op === '&&' ? 'success' : token.op === '||' ? 'failure' : 'always';
  }
  if (argv.length > 0 || redirections.length > 0) endCommand();
  if (pipeline.length > 0) items.push({ when, pipeline });
  return items;
}

function tokenize(line: string, home: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const char = line[i] as string;
    if (char === ' ' || char === '\t') {
      i++;
      continue;
    }
    if (char === '#') break;
    const op = OPERATORS.find((candidate) => line.startsWith(candidate, i));
    if (op) {
      tokens.push({ op });
      i += op.length;
      continue;
    }
    let word = '';
    if (char === '~' && (line[i + 1] === undefined || line[i + 1] === '/' || line[i + 1] === ' ')) {
      word = home;
      i++;
    }
    while (i < line.length) {
      const c = line[i] as string;
      if (c === ' ' || c === '\t' || OPERATORS.some((candidate) => line.startsWith(candidate, i)))
        break;
      if (c === "'") {
        const close = line.indexOf("'", i + 1);
        if (close === -1) throw new Error('unterminated quote');
        word += line.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        i++;
        while (i < line.length && line[i] !== '"') {
          if (line[i] === '\\' && /["\\$`]/.test(line[i + 1] ?? '')) i++;
          word += line[i];
          i++;
        }
        if (i >= line.length) throw new Error('unterminated quote');
        i++;
      } else if (c === '\\') {
        word += line[i + 1] ?? '';
        i += 2;
      } else {
        word += c;
        i++;
      }
    }
    tokens.push({ word });
  }
  return tokens;
}
