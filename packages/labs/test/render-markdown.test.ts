/** The Markdown of lab files, as the page shows it: the usual constructs, and nothing unsafe. */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/index';

describe('renderMarkdown', () => {
  it('renders paragraphs, inline code, bold, emphasis and line breaks', () => {
    expect(
      renderMarkdown('Send **`STAT`** and *read* the _answer_.\nSame paragraph.\n\nNext one.'),
    ).toBe(
      '<p>Send <strong><code>STAT</code></strong> and <em>read</em> the <em>answer</em>.\nSame paragraph.</p>\n<p>Next one.</p>',
    );
  });

  it('keeps code spans literal', () => {
    expect(renderMarkdown('Type `**not bold** <b>`')).toBe(
      '<p>Type <code>**not bold** &lt;b&gt;</code></p>',
    );
  });

  it('renders lists with continuation lines, and nested code', () => {
    expect(renderMarkdown('- one\n- two\n  more\n\n1. first\n2. second')).toBe(
      '<ul><li>one</li><li>two\nmore</li></ul>\n<ol><li>first</li><li>second</li></ol>',
    );
  });

  it('renders fenced code with its language, escaped', () => {
    expect(renderMarkdown('```console\n$ echo "<hi>" | md5sum\n```')).toBe(
      '<pre><code class="language-console">$ echo &quot;&lt;hi&gt;&quot; | md5sum</code></pre>',
    );
  });

  it('renders headings below the page’s own, and block quotes', () => {
    expect(renderMarkdown('# Big\n#### Small\n> quoted *text*')).toBe(
      '<h4>Big</h4>\n<h4>Small</h4>\n<blockquote><p>quoted <em>text</em></p></blockquote>',
    );
  });

  it('escapes HTML and script wherever it appears', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n- <img src=x onerror=alert(1)>\n\n**<b>x</b>**',
    );
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('links to web and relative addresses only, in a new tab', () => {
    expect(renderMarkdown('[RFC 1939](https://www.rfc-editor.org/rfc/rfc1939)')).toBe(
      '<p><a href="https://www.rfc-editor.org/rfc/rfc1939" target="_blank" rel="noopener noreferrer">RFC 1939</a></p>',
    );
    expect(renderMarkdown('[guide](../docs/en/students.md)')).toContain(
      'href="../docs/en/students.md"',
    );
    expect(renderMarkdown('[click](javascript:alert(1))')).not.toContain('href');
    expect(renderMarkdown('[click](data:text/html,x)')).toBe('<p>click</p>');
  });
});
