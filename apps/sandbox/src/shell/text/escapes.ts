/**
 * Backslash escapes as `echo -e` and printf's format and %b read them: \n \r \t \\ \a \b \f
 * \v \e, \xHH, octal (\NNN in a printf format, \0NNN for echo and %b), and \c, which stops all
 * further output.
 */
export interface Unescaped {
  readonly text: string;
  /** \c was met: nothing after it (not even a final newline) is printed. */
  readonly stop: boolean;
}

const simple: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  e: '\x1b',
  '"': '"',
  "'": "'",
};

/** `octalNeedsZero`: echo and %b want \0NNN; a printf format takes \NNN. */
export function unescape(input: string, octalNeedsZero: boolean): Unescaped {
  let text = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    if (ch !== '\\' || i === input.length - 1) {
      text += ch;
      continue;
    }
    const next = input[i + 1] as string;
    if (next === 'c') return { text, stop: true };
    if (next in simple && !(octalNeedsZero && (next === '"' || next === "'"))) {
      text += simple[next];
      i++;
      continue;
    }
    if (next === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(input.slice(i + 2))?.[0];
      if (hex) {
        text += String.fromCharCode(Number.parseInt(hex, 16));
        i += 1 + hex.length;
        continue;
      }
    }
    const octal = octalNeedsZero
      ? /^0([0-7]{0,3})/.exec(input.slice(i + 1))
      : /^([0-7]{1,3})/.exec(input.slice(i + 1));
    if (octal) {
      text += String.fromCharCode(Number.parseInt(octal[1] || '0', 8) & 0xff);
      i += octal[0].length;
      continue;
    }
    text += ch; // an unknown escape stays as typed
  }
  return { text, stop: false };
}
