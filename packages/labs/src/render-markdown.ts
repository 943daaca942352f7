/**
 * The Markdown a lab uses, as HTML for the page: paragraphs, `####` headings, lists, block
 * quotes, fenced code, and inline code, **bold**, *emphasis* and [links](https://…). Every
 * character of the source is escaped first and only these constructs produce tags, so a lab
 * loaded from a stranger's file cannot inject markup or script. Links go to http(s), mailto and
 * relative addresses only, and open in a new tab.
 */
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

const SAFE_URL = /^(https?:\/\/|mailto:|#|\.{0,2}\/|[\w-]+(\.[\w-]+)*(\/|$|#))/i;

function inline(text: string): string {
  // Code spans first: their content is taken literally, and stands aside (as a private-use
  // character that escaping leaves alone) while emphasis and links are found around it.
  const spans: string[] = [];
  const marked = text.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_, _ticks, code: string) => {
    spans.push(`<code>${escapeHtml(code.replace(/^ (.*) $/s, '$1'))}</code>`);
    return `\uE000${spans.length - 1}\uE001`;
  });
  return emphasis(marked).replace(
    /\uE000(\d+)\uE001/g,
    (_, index: string) => spans[Number(index)] ?? '',
  );
}

function emphasis(text: string): string {
  let html = escapeHtml(text);
  html = html.replace(/\[([^\]]+)\]\(([^()\s]+)\)/g, (whole, label: string, url: string) => {
    const raw = url.replace(/&amp;/g, '&');
    if (!SAFE_URL.test(raw) || /^javascript:/i.test(raw)) return label;
    return `<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`;
  });
  html = html.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>');
  html = html.replace(/(^|[^\w*])\*(?=\S)([\s\S]*?\S)\*(?![\w*])/g, '$1<em>$2</em>');
  html = html.replace(/(^|[^\w])_(?=\S)([\s\S]*?\S)_(?!\w)/g, '$1<em>$2</em>');
  return html.replace(/ {2,}\n/g, '<br>\n');
}

type Block =
  | { readonly kind: 'paragraph'; readonly lines: string[] }
  | { readonly kind: 'heading'; readonly level: number; readonly text: string }
  | { readonly kind: 'code'; readonly language: string; readonly lines: string[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: string[][] }
  | { readonly kind: 'quote'; readonly lines: string[] };

const LIST_ITEM = /^(\s{0,3})([-*+]|\d{1,3}[.)])\s+(.*)$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w-]*)/;

function blocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const result: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1] as string;
      const code: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] as string).trim().startsWith(marker))
        code.push(lines[i++] as string);
      i++;
      result.push({ kind: 'code', language: fence[2] ?? '', lines: code });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      result.push({
        kind: 'heading',
        level: (heading[1] as string).length,
        text: (heading[2] as string).trim(),
      });
      i++;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i] as string)) {
        quoted.push((lines[i++] as string).replace(/^\s{0,3}>\s?/, ''));
      }
      result.push({ kind: 'quote', lines: quoted });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = /\d/.test(item[2] as string);
      const items: string[][] = [];
      while (i < lines.length) {
        const current = lines[i] as string;
        const next = LIST_ITEM.exec(current);
        if (next && /\d/.test(next[2] as string) === ordered && (next[1] as string).length < 2) {
          items.push([next[3] as string]);
          i++;
        } else if (current.trim() === '') {
          // A blank line continues the list only if an indented line follows.
          const following = lines[i + 1];
          if (following !== undefined && /^\s{2,}\S/.test(following)) {
            items[items.length - 1]?.push('');
            i++;
          } else break;
        } else if (/^\s{2,}/.test(current)) {
          items[items.length - 1]?.push(current.replace(/^ {2,4}/, ''));
          i++;
        } else break;
      }
      result.push({ kind: 'list', ordered, items });
      continue;
    }
    const paragraph: string[] = [];
    while (
      i < lines.length &&
      (lines[i] as string).trim() !== '' &&
      !FENCE.test(lines[i] as string) &&
      !/^#{1,6}\s/.test(lines[i] as string) &&
      !/^\s{0,3}>/.test(lines[i] as string) &&
      !LIST_ITEM.exec(lines[i] as string)
    ) {
      paragraph.push(lines[i++] as string);
    }
    result.push({ kind: 'paragraph', lines: paragraph });
  }
  return result;
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${inline(block.lines.join('\n'))}</p>`;
    case 'heading': {
      // Lab text sits under the page's own headings: start at h4.
      const level = Math.min(6, Math.max(4, block.level));
      return `<h${level}>${inline(block.text)}</h${level}>`;
    }
    case 'code': {
      const language = block.language ? ` class="language-${escapeHtml(block.language)}"` : '';
      return `<pre><code${language}>${escapeHtml(block.lines.join('\n'))}</code></pre>`;
    }
    case 'quote':
      return `<blockquote>${renderMarkdown(block.lines.join('\n'))}</blockquote>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const items = block.items.map((item) => {
        const text = item.join('\n');
        const inner = blocks(text);
        const only = inner[0];
        const body =
          inner.length === 1 && only?.kind === 'paragraph'
            ? inline(only.lines.join('\n'))
            : renderMarkdown(text);
        return `<li>${body}</li>`;
      });
      return `<${tag}>${items.join('')}</${tag}>`;
    }
  }
}

/** Markdown to HTML, safe to insert into the page. */
export function renderMarkdown(source: string): string {
  return blocks(source).map(renderBlock).join('\n');
}
