// How an mbox is split into messages and what each message looks like to a client.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexMbox, type MboxRules } from '../../src';
import type { ByteSource } from '../../src/maildrops/line-cursor';
import { streamView, viewOfBytes } from '../../src/maildrops/view-reader';
import { wireLines, type WireLines } from '@pop3-lab/protocol';
import { concat } from './helpers';
import { referenceMessages, referenceTop } from './reference-mbox';

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const fromLatin1 = (data: Uint8Array) => {
  let out = '';
  for (let i = 0; i < data.length; i += 8192)
    out += String.fromCharCode(...data.subarray(i, i + 8192));
  return out;
};
/** Text as UTF-8 bytes, then one character per byte: what an mbox file holds. */
const asStored = (text: string) => fromLatin1(new TextEncoder().encode(text));

function memorySource(data: Uint8Array): ByteSource & { reads: number } {
  return {
    reads: 0,
    async read(buffer, offset, length, position) {
      this.reads++;
      const part = data.subarray(position, Math.min(data.length, position + length));
      buffer.set(part, offset);
      return { bytesRead: part.length };
    },
  };
}

const DOVECOT = [
  'Status',
  'X-Status',
  'X-Keywords',
  'X-UID',
  'X-IMAP',
  'X-IMAPbase',
  'Content-Length',
];
const rules = (overrides: Partial<MboxRules> = {}): MboxRules => ({
  hiddenHeaders: new Set(DOVECOT.map((h) => h.toLowerCase())),
  fromQuoting: 'mboxrd',
  contentLength: true,
  ...overrides,
});

/** The body-line pass to test: WebAssembly (the default) or the JavaScript loop. */
type Pass = 'wasm' | 'js';
const passOf = (pass: Pass): WireLines | null => (pass === 'js' ? null : wireLines()!);

async function views(
  mbox: string,
  r: MboxRules = rules(),
  blockSize?: number,
  pass: Pass = 'wasm',
) {
  const data = latin1(mbox);
  const source = memorySource(data);
  const index = await indexMbox(source, data.length, r, blockSize);
  const texts: string[] = [];
  for (const span of index.messages) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of streamView(
      source,
      { start: span.contentStart, end: span.contentEnd, rules: r, blockSize },
      passOf(pass),
    )) {
      chunks.push(chunk);
    }
    texts.push(fromLatin1(concat(chunks)));
  }
  return { index, texts };
}

const PSEUDO = `From MAILER-DAEMON Mon Mar  2 07:58:10 2026
Date: 02 Mar 2026 07:58:10 +0100
From: Mail System Internal Data <MAILER-DAEMON@gw.example.test>
Subject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA
X-IMAP: 1772434690 0000000002
Status: RO

Folder bookkeeping, not mail.

`;

describe('splitting an mbox', () => {
  it('finds messages at "From " lines that follow an empty line, the empty line excluded', async () => {
    const mbox =
      'From a@example.test Mon Mar  2 08:00:00 2026\nSubject: one\n\nbody one\n\n' +
      'From b@example.test Mon Mar  2 09:00:00 2026\nSubject: two\n\nbody two\n';
    const { index, texts } = await views(mbox);
    expect(texts).toEqual(['Subject: one\r\n\r\nbody one\r\n', 'Subject: two\r\n\r\nbody two\r\n']);
    expect([...index.messages].map((m) => m.size)).toEqual(texts.map((t) => t.length));
    expect(index.messages.at(1)!.start).toBe(mbox.indexOf('From b@'));
  });

  it('does not split at a "From " line in the middle of a paragraph or without a date', async () => {
    const mbox =
      'From a@example.test Mon Mar  2 08:00:00 2026\nSubject: one\n\ntext\n' +
      'From b@example.test Mon Mar  2 09:00:00 2026\n\nFrom here on, all is body text.\n';
    const { texts } = await views(mbox);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('\r\nFrom here on, all is body text.\r\n');
  });

  it('hides the UW-IMAP pseudo-message and keeps its place in the index', async () => {
    const mbox = `${PSEUDO}From a@example.test Mon Mar  2 08:00:00 2026\nSubject: real\n\nmail\n`;
    const { index, texts } = await views(mbox);
    expect(texts).toEqual(['Subject: real\r\n\r\nmail\r\n']);
    expect(index.pseudo).toMatchObject({ start: 0, end: PSEUDO.length });
    expect(index.messages.at(0)!.start).toBe(PSEUDO.length);
  });

  it('shows a message with X-IMAP that is not the first one', async () => {
    const mbox = `From a@example.test Mon Mar  2 08:00:00 2026\nSubject: real\n\nmail\n\n${PSEUDO}`;
    const { index } = await views(mbox);
    expect(index.pseudo).toBeUndefined();
    expect(index.messages).toHaveLength(2);
  });

  it('leaves bytes before the first "From " line out of every message', async () => {
    const mbox = 'stray text\n\nFrom a@example.test Mon Mar  2 08:00:00 2026\nSubject: x\n\ny\n';
    const { index, texts } = await views(mbox);
    expect(index.preambleEnd).toBe('stray text\n\n'.length);
    expect(texts).toEqual(['Subject: x\r\n\r\ny\r\n']);
  });

  it('keeps a last line that has no line end, and turns only bare LFs into CRLF', async () => {
    const mbox =
      'From a@example.test Mon Mar  2 08:00:00 2026\nSubject: x\r\n\r\nCRLF line\r\nLF line\nno end';
    const { texts } = await views(mbox);
    expect(texts).toEqual(['Subject: x\r\n\r\nCRLF line\r\nLF line\r\nno end']);
  });

  it('gives an empty file and a file of blank lines no messages', async () => {
    expect((await views('')).texts).toEqual([]);
    expect((await views('\n\n')).texts).toEqual([]);
  });
});

describe('what the client sees of an mbox message', () => {
  const quoted =
    'From a@example.test Mon Mar  2 08:00:00 2026\nSubject: quoting\n\n' +
    '>From one\n>>From two\nFrom-less\n>Fromage\n';

  it('undoes one level of mboxrd quoting', async () => {
    const { texts } = await views(quoted, rules({ fromQuoting: 'mboxrd' }));
    expect(texts[0]).toBe(
      'Subject: quoting\r\n\r\nFrom one\r\n>From two\r\nFrom-less\r\n>Fromage\r\n',
    );
  });

  it('undoes mboxo quoting only on ">From "', async () => {
    const { texts } = await views(quoted, rules({ fromQuoting: 'mboxo' }));
    expect(texts[0]).toBe(
      'Subject: quoting\r\n\r\nFrom one\r\n>>From two\r\nFrom-less\r\n>Fromage\r\n',
    );
  });

  it('shows lines as stored with no quoting', async () => {
    const { texts } = await views(quoted, rules({ fromQuoting: 'none' }));
    expect(texts[0]).toBe(
      'Subject: quoting\r\n\r\n>From one\r\n>>From two\r\nFrom-less\r\n>Fromage\r\n',
    );
  });

  it('hides mbox bookkeeping header fields with their continuation lines', async () => {
    const mbox =
      'From a@example.test Mon Mar  2 08:00:00 2026\nSubject: kept\nStatus: RO\n' +
      'X-Keywords: one\n two\nX-UID: 7\nTo: chris@example.test\n\nStatus: in the body stays\n';
    const { texts } = await views(mbox);
    expect(texts[0]).toBe(
      'Subject: kept\r\nTo: chris@example.test\r\n\r\nStatus: in the body stays\r\n',
    );
    const shown = await views(mbox, rules({ hiddenHeaders: new Set() }));
    expect(shown.texts[0]).toContain('Status: RO\r\nX-Keywords: one\r\n two\r\nX-UID: 7\r\n');
  });
});

describe('Content-Length (mboxcl, mboxcl2)', () => {
  const body =
    'first line\n\nFrom b@example.test Mon Mar  2 09:00:00 2026\nstill the same message\n';
  const entry = (length: number) =>
    `From a@example.test Mon Mar  2 08:00:00 2026\nContent-Length: ${length}\nSubject: cl\n\n${body}`;
  const next = '\nFrom c@example.test Mon Mar  2 10:00:00 2026\nSubject: next\n\nthird\n';

  it('keeps "From " lines inside the announced length in the body', async () => {
    const { texts } = await views(entry(body.length) + next, rules({ fromQuoting: 'none' }));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toBe(`Subject: cl\r\n\r\n${body.replace(/\n/g, '\r\n')}`);
  });

  it('accepts a length that ends the file', async () => {
    const { texts } = await views(entry(body.length), rules({ fromQuoting: 'none' }));
    expect(texts).toHaveLength(1);
  });

  it('ignores a length that does not land on a message boundary', async () => {
    for (const wrong of [body.length - 3, body.length + 5, 10 ** 9]) {
      const { texts } = await views(entry(wrong) + next, rules({ fromQuoting: 'none' }));
      expect(texts).toHaveLength(3);
    }
  });

  it('can be switched off', async () => {
    const { texts } = await views(entry(body.length) + next, rules({ contentLength: false }));
    expect(texts).toHaveLength(3);
  });
});

describe('unique ids of mbox messages', () => {
  const message = (from: string, extra = '') =>
    `From ${from} Mon Mar  2 08:00:00 2026\nSubject: same\n${extra}\nsame body\n\n`;

  it('takes a valid X-UIDL header as it is', async () => {
    const { index } = await views(message('a@example.test', 'X-UIDL: 4B9DFA0F-7\n'));
    expect(index.messages.at(0)!.uid).toBe('4B9DFA0F-7');
  });

  it('ignores an X-UIDL that is not a valid id', async () => {
    const { index } = await views(message('a@example.test', 'X-UIDL: has spaces in it\n'));
    expect(index.messages.at(0)!.uid).toMatch(/^[0-9a-f]{16}$/);
  });

  it('does not change when the Status flags of the message change', async () => {
    const a = await views(message('a@example.test'));
    const b = await views(message('a@example.test', 'Status: RO\nX-Status: A\n'));
    expect(b.index.messages.at(0)!.uid).toBe(a.index.messages.at(0)!.uid);
  });

  it('tells apart copies delivered at different times and exact duplicates', async () => {
    const { index } = await views(
      message('a@example.test') + message('b@example.test') + message('a@example.test'),
    );
    const [one, two, three] = [...index.messages].map((m) => m.uid);
    expect(new Set([one, two, three]).size).toBe(3);
    expect(three).toBe(`${one}.2`);
  });
});

describe('streaming', () => {
  it('reads a big mbox in blocks and RETR reads only its own message', async () => {
    const filler = `${'x'.repeat(70)}\n`.repeat(2000);
    let mbox = '';
    for (let i = 0; i < 20; i++) {
      mbox += `From s${i}@example.test Mon Mar  2 08:00:${String(i).padStart(2, '0')} 2026\nSubject: ${i}\n\n${filler}\n`;
    }
    const data = latin1(mbox);
    const source = memorySource(data);
    const index = await indexMbox(source, data.length, rules(), 16 * 1024);
    expect(index.messages).toHaveLength(20);
    expect(source.reads).toBeGreaterThan(data.length / (16 * 1024) - 1);
    const span = index.messages.at(7)!;
    const reads = memorySource(data);
    let size = 0;
    for await (const chunk of streamView(reads, {
      start: span.contentStart,
      end: span.contentEnd,
      rules: rules(),
      blockSize: 16 * 1024,
    })) {
      size += chunk.length;
    }
    expect(size).toBe(span.size);
    expect(reads.reads).toBeLessThanOrEqual(
      Math.ceil((span.contentEnd - span.contentStart) / (16 * 1024)) + 1,
    );
  });

  it('stops reading once TOP has its lines', async () => {
    const mbox = `From a@example.test Mon Mar  2 08:00:00 2026\nSubject: long\n\n${'line\n'.repeat(100000)}`;
    const data = latin1(mbox);
    const index = await indexMbox(memorySource(data), data.length, rules());
    const span = index.messages.at(0)!;
    const source = memorySource(data);
    const chunks: Uint8Array[] = [];
    for await (const chunk of streamView(source, {
      start: span.contentStart,
      end: span.contentEnd,
      rules: rules(),
      bodyLines: 3,
      blockSize: 4096,
    })) {
      chunks.push(chunk);
    }
    expect(fromLatin1(concat(chunks))).toBe('Subject: long\r\n\r\nline\r\nline\r\nline\r\n');
    expect(source.reads).toBe(1);
  });
});

// PROPERTY_RUNS=5000 npx vitest run test/maildrops/mbox-index.test.ts for a longer search.
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

describe('the streaming index agrees with a naive whole-file reading', () => {
  const fromLine = fc
    .tuple(fc.constantFrom('a@example.test', 'MAILER-DAEMON', 'b'), fc.integer({ min: 0, max: 59 }))
    .map(([who, s]) => `From ${who} Mon Mar  2 08:00:${String(s).padStart(2, '0')} 2026`);
  const headerLine = fc.constantFrom(
    'Subject: hello',
    'Status: RO',
    'X-UID: 12',
    'X-Keywords: $Label1',
    ' folded continuation',
    '\tfolded with a tab',
    'To: chris@example.test',
    'X-IMAP: 1772434690 0000000002',
    'Content-Length: 3',
    'Odd header line without colon',
    '>From quoted in a header',
  );
  const bodyLine = fc.oneof(
    {
      weight: 10,
      arbitrary: fc.constantFrom(
        '',
        'plain text',
        '.',
        '..dots',
        'From here on',
        '>From quoted',
        '>>From twice',
        '>Fromage',
        'From z@example.test Tue Mar  3 10:00:00 2026',
        'é ü 日本',
        'a lone\rCR',
        'ends in a lone CR\r',
        '.\r',
        '>.dot after quote',
        '>>>>>>>>>>>>>>>>>>>>>>>>From deep',
        '>From',
        '>Fro',
        '>',
      ),
    },
    // long lines that begin with a dot, so the stuffing decision meets line pieces
    { weight: 1, arbitrary: fc.integer({ min: 4090, max: 70000 }).map((n) => '.'.repeat(n)) },
    // longer than the first piece of a line (MIN_FIRST_PIECE), so lines arrive in parts
    { weight: 1, arbitrary: fc.integer({ min: 4090, max: 4300 }).map((n) => 'L'.repeat(n)) },
    { weight: 3, arbitrary: fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')) },
  );
  const ending = fc.constantFrom('\n', '\r\n');
  const message = fc
    .tuple(
      fromLine,
      fc.array(fc.tuple(headerLine, ending), { maxLength: 6 }),
      fc.boolean(),
      fc.array(fc.tuple(bodyLine, ending), { maxLength: 12 }),
    )
    .map(
      ([from, header, hasBody, body]) =>
        `${from}\n` +
        header.map(([l, e]) => l + e).join('') +
        (hasBody ? '\n' + body.map(([l, e]) => l + e).join('') : ''),
    );
  const mboxText = fc
    .tuple(
      fc.array(message, { maxLength: 6 }),
      fc.boolean(),
      fc.constantFrom('', '\n', 'tail without end'),
    )
    .map(([messages, separated, end]) => asStored(messages.join(separated ? '\n' : '') + end));
  /** RFC 1939 §3, applied to a whole text the naive way. */
  const stuffLines = (text: string) => text.replace(/(^|\n)\./g, '$1..');

  it(
    'for any block size and either body-line pass, sizes, contents and TOP match',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          mboxText,
          fc.constantFrom(1, 3, 7, 64, 4095, 4096, 5000, 1 << 16),
          fc.constantFrom<MboxRules['fromQuoting']>('mboxrd', 'mboxo', 'none'),
          fc.integer({ min: 0, max: 4 }),
          fc.constantFrom<Pass>('wasm', 'js'),
          fc.boolean(),
          async (mbox, blockSize, fromQuoting, topLines, pass, hide) => {
            // Hiding nothing (as Maildir does) lets the header go through the bulk path too.
            const hidden = hide ? DOVECOT : [];
            const r = rules({
              fromQuoting,
              contentLength: false,
              hiddenHeaders: new Set(hidden.map((h) => h.toLowerCase())),
            });
            const expected = referenceMessages(mbox, { quoting: fromQuoting, hidden });
            const { index, texts } = await views(mbox, r, blockSize, pass);
            expect(texts).toEqual([...expected.messages].map((m) => m.view));
            expect([...index.messages].map((m) => m.size)).toEqual(
              texts.map((t) => latin1(t).length),
            );
            expect(index.pseudo !== undefined).toBe(expected.pseudo !== undefined);
            const data = latin1(mbox);
            for (const [i, span] of [...index.messages].entries()) {
              expect(fromLatin1(data.subarray(span.contentStart, span.contentEnd))).toBe(
                expected.messages.at(i)!.raw,
              );
              const chunks: Uint8Array[] = [];
              for await (const c of streamView(
                memorySource(data),
                {
                  start: span.contentStart,
                  end: span.contentEnd,
                  rules: r,
                  bodyLines: topLines,
                  blockSize,
                },
                passOf(pass),
              )) {
                chunks.push(c);
              }
              expect(fromLatin1(concat(chunks))).toBe(referenceTop(texts[i]!, topLines));
              for (const bodyLines of [undefined, topLines]) {
                const stuffed: Uint8Array[] = [];
                for await (const c of streamView(
                  memorySource(data),
                  {
                    start: span.contentStart,
                    end: span.contentEnd,
                    rules: r,
                    bodyLines,
                    blockSize,
                    dotStuffed: true,
                    expectedSize: span.size,
                  },
                  passOf(pass),
                )) {
                  stuffed.push(c);
                }
                const plain =
                  bodyLines === undefined ? texts[i]! : referenceTop(texts[i]!, bodyLines);
                expect(fromLatin1(concat(stuffed))).toBe(stuffLines(plain));
              }
              // The same range held in memory (as a Maildir file read whole).
              for (const dotStuffed of [false, true]) {
                const held: Uint8Array[] = [];
                const range = {
                  start: span.contentStart,
                  end: span.contentEnd,
                  rules: r,
                  blockSize,
                  dotStuffed,
                  expectedSize: span.size,
                };
                for await (const c of viewOfBytes(data, range, passOf(pass))) held.push(c);
                expect(fromLatin1(concat(held))).toBe(
                  dotStuffed ? stuffLines(texts[i]!) : texts[i],
                );
              }
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    // generous: CI runs every package at once on two cores
    RUNS * 400,
  );
});
