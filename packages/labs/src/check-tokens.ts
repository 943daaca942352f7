/**
 * Splits a check expression into words and `key=value` options. Values with spaces are quoted
 * with double or single quotes: `has-subject="Essai du lundi"`. Keys are case-insensitive.
 */
export type CheckToken =
  | { readonly kind: 'word'; readonly value: string; readonly text: string }
  | {
      readonly kind: 'option';
      readonly key: string;
      readonly op: '=' | '>=' | '<=';
      readonly value: string;
      readonly text: string;
    };

export type TokenizeResult =
  | { readonly ok: true; readonly tokens: readonly CheckToken[] }
  | { readonly ok: false; readonly message: string };

const OPTION = /^([a-z][a-z-]*)(>=|<=|=)/i;

export function tokenizeCheck(text: string): TokenizeResult {
  const tokens: CheckToken[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] as string)) {
      i++;
      continue;
    }
    const start = i;
    const option = OPTION.exec(text.slice(i));
    let key: string | undefined;
    let op: '=' | '>=' | '<=' | undefined;
    if (option) {
      key = (option[1] as string).toLowerCase();
      op = option[2] as '=' | '>=' | '<=';
      i += option[0].length;
    }
    const value = readValue(text, i);
    if (!value.ok) return value;
    i = value.end;
    const raw = text.slice(start, i);
    if (key !== undefined && op !== undefined) {
      if (value.value === '' && !value.quoted) {
        return { ok: false, message: `"${raw}" needs a value after "${op}"` };
      }
      tokens.push({ kind: 'option', key, op, value: value.value, text: raw });
    } else {
      tokens.push({ kind: 'word', value: value.value, text: raw });
    }
  }
  return { ok: true, tokens };
}

type ValueResult =
  | { readonly ok: true; readonly value: string; readonly end: number; readonly quoted: boolean }
  | { readonly ok: false; readonly message: string };

function readValue(text: string, from: number): ValueResult {
  const quote = text[from];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, from + 1);
    if (close === -1)
      return { ok: false, message: `the quote ${quote} opened here is never closed` };
    const after = text[close + 1];
    if (after !== undefined && !/\s/.test(after)) {
      return { ok: false, message: `put a space after the closing quote ${quote}` };
    }
    return { ok: true, value: text.slice(from + 1, close), end: close + 1, quoted: true };
  }
  let end = from;
  while (end < text.length && !/\s/.test(text[end] as string)) {
    if (text[end] === '"' || text[end] === "'") {
      return { ok: false, message: 'a quote may only open a value, as in key="two words"' };
    }
    end++;
  }
  return { ok: true, value: text.slice(from, end), end, quoted: false };
}
