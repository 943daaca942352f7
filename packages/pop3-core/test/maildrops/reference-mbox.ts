// A deliberately naive reading of an mbox, for checking the streaming indexer against: the
// whole file in one string (latin1, one character per byte), split with plain string
// operations, following the rules stated in mbox-index.ts and message-view.ts.
import type { FromQuoting } from '../../src';

export interface ReferenceRules {
  readonly quoting: FromQuoting;
  readonly hidden: readonly string[];
}

const isBlank = (line: string) => line === '\n' || line === '\r\n';
const isSeparator = (line: string) => {
  if (!line.startsWith('From ')) return false;
  const rest = line.slice(5);
  return /\b\d{1,2}:\d{2}\b/.test(rest) && /\b\d{4}\b/.test(rest);
};

export interface ReferenceMessage {
  readonly raw: string;
  readonly view: string;
}

export function referenceMessages(
  mbox: string,
  rules: ReferenceRules,
): { pseudo: ReferenceMessage | undefined; messages: ReferenceMessage[] } {
  const lines = mbox.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const starts: number[] = [];
  let previousBlank = true;
  lines.forEach((line, i) => {
    if (previousBlank && isSeparator(line)) starts.push(i);
    previousBlank = isBlank(line);
  });
  const raws = starts.map((start, k) => {
    const next = starts[k + 1];
    let body = lines.slice(start + 1, next ?? lines.length);
    const lastLine = body[body.length - 1];
    if (next !== undefined || (lastLine !== undefined && isBlank(lastLine))) {
      // the empty line before the next "From " line (or ending the file) is the mbox's
      if (lastLine !== undefined && isBlank(lastLine)) body = body.slice(0, -1);
    }
    return body;
  });
  const all = raws.map((body) => ({ raw: body.join(''), view: view(body, rules) }));
  const firstHeader = raws[0] === undefined ? [] : headerLines(raws[0]);
  const pseudo = firstHeader.some((line) => /^x-imap(base)?\s*:/i.test(line)) ? all[0] : undefined;
  return { pseudo, messages: pseudo ? all.slice(1) : all };
}

function headerLines(body: readonly string[]): string[] {
  const end = body.findIndex(isBlank);
  return body.slice(0, end < 0 ? body.length : end);
}

function view(body: readonly string[], rules: ReferenceRules): string {
  const hidden = new Set(rules.hidden.map((h) => h.toLowerCase()));
  let out = '';
  let inHeader = true;
  let hiding = false;
  for (const line of body) {
    if (inHeader && isBlank(line)) {
      inHeader = false;
      out += '\r\n';
      continue;
    }
    if (inHeader) {
      if (!/^[ \t]/.test(line)) {
        const colon = line.indexOf(':');
        const name =
          colon < 0 || /[\r\n]/.test(line.slice(0, colon))
            ? undefined
            : line
                .slice(0, colon)
                .replace(/[ \t]+$/, '')
                .toLowerCase();
        hiding = name !== undefined && hidden.has(name);
      }
      if (hiding) continue;
    }
    let text = line;
    if (rules.quoting === 'mboxrd' && /^>+From /.test(text)) text = text.slice(1);
    if (rules.quoting === 'mboxo' && /^>From /.test(text)) text = text.slice(1);
    out += text.endsWith('\n') ? `${text.replace(/\r?\n$/, '')}\r\n` : text;
  }
  return out;
}

/** TOP n on a view: the header, the blank line, n lines of the body. */
export function referenceTop(viewText: string, bodyLines: number): string {
  const split = viewText.indexOf('\r\n\r\n');
  const headerEnd = viewText.startsWith('\r\n') ? 2 : split < 0 ? -1 : split + 4;
  if (headerEnd < 0) return viewText;
  const body = viewText.slice(headerEnd).match(/[^\n]*\n|[^\n]+$/g) ?? [];
  return viewText.slice(0, headerEnd) + body.slice(0, bodyLines).join('');
}
