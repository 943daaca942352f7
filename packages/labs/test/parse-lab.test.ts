/**
 * The lab file format: what a well-formed file turns into, and for each kind of mistake, the
 * line the error names and what it says.
 */
import { describe, expect, it } from 'vitest';
import { LabFormatError, formatLabErrors, loadLab, parseLab } from '../src/index';

const lab = (body: string, front = '') => `---
id: sample-lab
title: A sample lab
language: en
level: beginner
mailboxes: samples
persona: dovecot-like
${front}---

Some introduction.
${body}`;

const step = `
## Connect

Type the command.

### Objectives

- [ ] Open a connection \`connect port=110\`
- [ ] Log in as chris → \`login user=chris\`

### Hints

- Use telnet.
- The password is
  \`epikoi\`.

### Solution

\`\`\`console
$ telnet localhost 110
user chris
pass epikoi
\`\`\`
`;

function errorsOf(text: string): { line: number; message: string }[] {
  const result = parseLab(text);
  if (result.ok) throw new Error('expected errors');
  return [...result.errors];
}

describe('a well-formed lab', () => {
  it('gives its front matter, introduction and steps', () => {
    const result = parseLab(
      lab(
        step +
          '\n## Leave\n\nSay goodbye.\n\n### Objectives\n- Leave `send QUIT reply=ok`\n\n### Setup\n- persona strict-rfc1939\n- disable TOP, UIDL\n- plaintext-login off\n- reset mailboxes\n',
        'order: 3\nsummary: "Short: with a colon"\nterminals: 2\ndisabled: [apop]\n',
      ),
    );
    if (!result.ok) throw new Error(formatLabErrors(result.errors));
    const { meta, intro, steps } = result.lab;
    expect(meta).toEqual({
      id: 'sample-lab',
      title: 'A sample lab',
      language: 'en',
      level: 'beginner',
      summary: 'Short: with a colon',
      order: 3,
      mailboxes: 'samples',
      persona: 'dovecot-like',
      disabled: ['APOP'],
      terminals: 2,
    });
    expect(intro).toBe('Some introduction.');
    expect(steps).toHaveLength(2);
    const [first, second] = steps;
    expect(first?.title).toBe('Connect');
    expect(first?.line).toBe(16);
    expect(first?.instructions).toBe('Type the command.');
    expect(first?.objectives).toEqual([
      {
        label: 'Open a connection',
        source: 'connect port=110',
        line: 22,
        check: { kind: 'connect', port: 110 },
      },
      {
        label: 'Log in as chris',
        source: 'login user=chris',
        line: 23,
        check: { kind: 'login', ok: true, user: 'chris' },
      },
    ]);
    expect(first?.hints).toEqual(['Use telnet.', 'The password is\n`epikoi`.']);
    expect(first?.solution).toEqual([
      { kind: 'shell', text: 'telnet localhost 110', line: 34 },
      { kind: 'input', text: 'user chris', line: 35 },
      { kind: 'input', text: 'pass epikoi', line: 36 },
    ]);
    expect(first?.setup).toBeUndefined();
    expect(second?.setup).toEqual({
      persona: 'strict-rfc1939',
      disabled: ['TOP', 'UIDL'],
      plaintextLogin: false,
      resetMailboxes: true,
    });
    expect(second?.solution).toEqual([]);
  });

  it('reads French section names and leaves ### inside code blocks alone', () => {
    const result = parseLab(
      lab(
        '\n## Étape\n\nTapez :\n\n```\n### pas une section\n## pas une étape\n```\n\n### Objectifs\n- Se connecter `connect`\n\n### Indices\n1. Un indice.\n\n### Préparation\n- disable nothing\n',
      ),
    );
    if (!result.ok) throw new Error(formatLabErrors(result.errors));
    expect(result.lab.steps).toHaveLength(1);
    expect(result.lab.steps[0]?.instructions).toContain('### pas une section');
    expect(result.lab.steps[0]?.hints).toEqual(['Un indice.']);
    expect(result.lab.steps[0]?.setup?.disabled).toEqual([]);
  });
});

describe('a mistake is reported with its line', () => {
  const cases: [string, string, number, RegExp][] = [
    ['no front matter', 'Hello\n', 1, /starts with its front matter/],
    ['an unclosed front matter', '---\nid: x\n', 1, /never closed/],
    ['an unknown key', lab(step, 'colour: blue\n'), 8, /unknown key "colour"; the keys are/],
    ['a misspelt key', lab(step, 'levle: advanced\n'), 8, /did you mean "level"/],
    [
      'a bad id',
      lab(step).replace('id: sample-lab', 'id: Sample Lab'),
      2,
      /lower-case letters and digits/,
    ],
    [
      'an unknown language',
      lab(step).replace('language: en', 'language: de'),
      4,
      /language "de" is not known.*use one of en, fr/,
    ],
    [
      'an unknown persona',
      lab(step).replace('persona: dovecot-like', 'persona: dovecot'),
      7,
      /persona "dovecot" is not known/,
    ],
    ['a missing key', lab(step).replace('level: beginner\n', ''), 7, /needs "level:"/],
    [
      'a key given twice',
      lab(step, 'title: again\n'),
      8,
      /"title" is given twice \(first on line 3\)/,
    ],
    [
      'an unknown capability',
      lab(step, 'disabled: TOP, UIDLE\n'),
      8,
      /"UIDLE" is not a command or capability.*did you mean "UIDL"/,
    ],
    ['no steps', lab(''), 9, /at least one step/],
    [
      'an unknown section',
      lab(step.replace('### Hints', '### Tips')),
      21,
      /unknown section "Tips"/,
    ],
    [
      'a section twice',
      lab(step + '\n### Hints\n- again\n'),
      35,
      /already has its hints section \(line 21\)/,
    ],
    [
      'a step without objectives',
      lab('\n## Empty\n\nNothing.\n'),
      12,
      /needs a "### Objectives" section/,
    ],
    [
      'a step without instructions',
      lab(step.replace('Type the command.', '')),
      12,
      /has no instructions/,
    ],
    [
      'an objective without a check',
      lab(step.replace('`connect port=110`', '')),
      18,
      /ends with its check in backquotes/,
    ],
    [
      'an objective without a label',
      lab(step.replace('Open a connection ', '')),
      18,
      /give the objective `connect port=110` a label/,
    ],
    [
      'an unknown check',
      lab(step.replace('connect port=110', 'conect port=110')),
      18,
      /unknown check "conect" \(did you mean "connect"\?\)/,
    ],
    [
      'a bad check option',
      lab(step.replace('login user=chris', 'login usr=chris')),
      19,
      /"login" has no option "usr" \(did you mean "user"\?\)/,
    ],
    [
      'prose among objectives',
      lab(step.replace('- [ ] Log in', 'Log in')),
      19,
      /expected a list item/,
    ],
    [
      'a solution without a code block',
      lab(step.replace(/```console[\s\S]*```/, 'Just type it.')),
      29,
      /a solution is one code block/,
    ],
    [
      'an unknown solution directive',
      lab(step.replace('user chris', '[wait 2]')),
      31,
      /unknown directive \[wait\]/,
    ],
    [
      'an unknown placeholder',
      lab(step.replace('pass epikoi', 'pass {password}')),
      32,
      /unknown placeholder \{password\}/,
    ],
    [
      'a second terminal in a one-terminal lab',
      lab(step.replace('user chris', '[terminal 2]')),
      31,
      /add "terminals: 2"/,
    ],
    ['an unknown setup', lab(step + '\n### Setup\n- colour blue\n'), 36, /unknown setup "colour"/],
    ['an empty setup', lab(step + '\n### Setup\n'), 35, /sets nothing/],
    [
      'an unclosed code block',
      lab(step + '\n```\nopen\n'),
      35,
      /the code block opened here with ``` is never closed/,
    ],
  ];

  it.each(cases)('%s', (_name, text, line, message) => {
    const errors = errorsOf(text);
    expect(errors).toContainEqual({ line, message: expect.stringMatching(message) });
  });

  it('collects every mistake of a file, sorted by line', () => {
    const errors = errorsOf(
      lab(
        step
          .replace('connect port=110', 'connect port=99999')
          .replace('login user=chris', 'login via=SMTP'),
        'colour: blue\n',
      ),
    );
    expect(errors.map((error) => error.line)).toEqual([8, 19, 20]);
  });

  it('formats errors as file:line: message', () => {
    expect(
      formatLabErrors(
        [
          { line: 9, message: 'second' },
          { line: 2, message: 'first' },
        ],
        'my-lab.md',
      ),
    ).toBe('my-lab.md:2: first\nmy-lab.md:9: second');
  });
});

describe('loadLab', () => {
  it('returns the lab when it parses and validates', () => {
    expect(loadLab(lab(step), 'x.md', { users: ['chris'] }).meta.id).toBe('sample-lab');
  });

  it('throws every problem at once, with the file name', () => {
    expect(() => loadLab(lab(step), 'x.md', { users: ['alice'] })).toThrowError(
      /^x\.md:19: "chris" is not a login of this lab's mailboxes; they are alice$/,
    );
    try {
      loadLab('nothing', 'y.md');
    } catch (error) {
      expect(error).toBeInstanceOf(LabFormatError);
      expect((error as LabFormatError).errors[0]?.line).toBe(1);
    }
  });

  it('refuses an objective waiting for +OK from a command the step switched off', () => {
    const text = lab(
      step +
        '\n## Top\n\nTry it.\n\n### Objectives\n- Top `send TOP reply=ok`\n\n### Setup\n- disable TOP\n',
    );
    expect(() => loadLab(text)).toThrowError(/lab:40: TOP is switched off at this step/);
  });
});
