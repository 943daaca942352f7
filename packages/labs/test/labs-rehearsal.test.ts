/**
 * One test per lab file: a student who types the lab's solution, step by step, into terminals
 * connected to the real engine over the sample mailboxes completes every objective of every
 * step. The last test shows the rehearsal notices a solution that stops short.
 */
import { describe, expect, it } from 'vitest';
import { parseLab, type LabDocument } from '../src/index';
import { describeReport, rehearseLab, samplesMail } from '../rehearsal/index';
import { labFiles } from './support/lab-files';

function parse(name: string, text: string): LabDocument {
  const parsed = parseLab(text);
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  return parsed.lab;
}

describe('every lab can be completed by following its solution', () => {
  it.each(labFiles().map((file) => [file.name, file.text]))('%s', async (name, text) => {
    const lab = parse(name, text);
    const report = await rehearseLab(lab, samplesMail());
    expect(report.completed, describeReport(report, name)).toBe(true);
    expect(report.steps.map((step) => step.completed)).toEqual(lab.steps.map(() => true));
    expect(report.progress.complete).toBe(true);
  });
});

describe('the rehearsal', () => {
  it('reports the step and the objective a short solution leaves undone', async () => {
    const file = labFiles().find((f) => f.name === '01-first-contact.en.md');
    if (!file) throw new Error('01-first-contact.en.md is missing');
    const lab = parse(file.name, file.text);
    const last = lab.steps[lab.steps.length - 1];
    if (!last) throw new Error('no steps');
    // The same lab, but the student never types QUIT.
    const shortened: LabDocument = {
      ...lab,
      steps: [...lab.steps.slice(0, -1), { ...last, solution: [] }],
    };
    const report = await rehearseLab(shortened, samplesMail());
    expect(report.completed).toBe(false);
    expect(report.steps.map((step) => step.completed)).toEqual([true, true, true, false]);
    expect(report.steps[3]?.remaining).toEqual([
      expect.objectContaining({ source: 'send QUIT reply=ok', status: 'pending' }),
    ]);
    expect(describeReport(report, file.name)).toMatch(/FAIL step 4: Leave politely/);
  });

  it('refuses a line typed at the wrong place and says which', async () => {
    const file = labFiles().find((f) => f.name === '01-first-contact.en.md');
    if (!file) throw new Error('01-first-contact.en.md is missing');
    const lab = parse(file.name, file.text);
    const first = lab.steps[0];
    if (!first) throw new Error('no steps');
    const broken: LabDocument = {
      ...lab,
      steps: [{ ...first, solution: [{ kind: 'input', text: 'user chris', line: 42 }] }],
    };
    const report = await rehearseLab(broken, samplesMail());
    expect(report.completed).toBe(false);
    expect(report.problems).toEqual([
      'line 42: "user chris" typed at the shell prompt, not into a program',
    ]);
  });
});
