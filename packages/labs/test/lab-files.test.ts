/**
 * The built-in labs: at least ten, each in English and French, each file well formed for the
 * sample mailboxes, and the two languages of a lab the same exercise (same checks, setups and
 * solution shape), so a class can mix languages.
 */
import { describe, expect, it } from 'vitest';
import { sampleUsers } from '@pop3-lab/samples';
import { formatLabErrors, parseLab, validateLab, type LabDocument } from '../src/index';
import { labFiles } from './support/lab-files';

const users = sampleUsers.map((user) => user.user);
const files = labFiles();

function load(name: string, text: string): LabDocument {
  const parsed = parseLab(text);
  if (!parsed.ok) throw new Error(formatLabErrors(parsed.errors, name));
  const errors = validateLab(parsed.lab, { users });
  if (errors.length > 0) throw new Error(formatLabErrors(errors, name));
  return parsed.lab;
}

describe('the built-in lab files', () => {
  it.each(files.map((file) => [file.name, file.text]))('%s parses and validates', (name, text) => {
    const lab = load(name, text);
    const match = /^(\d{2})-([a-z0-9-]+)\.(en|fr)\.md$/.exec(name);
    expect(match, 'file names are NN-id.language.md').not.toBeNull();
    expect(lab.meta.id).toBe(match?.[2]);
    expect(lab.meta.language).toBe(match?.[3]);
    expect(lab.meta.order).toBe(Number(match?.[1]));
    expect(lab.meta.summary).not.toBe('');
    for (const step of lab.steps) {
      expect(step.solution.length, `step "${step.title}" needs a solution`).toBeGreaterThan(0);
      expect(step.hints.length, `step "${step.title}" needs a hint`).toBeGreaterThan(0);
    }
  });

  const labs = files.map((file) => load(file.name, file.text));
  const ids = [...new Set(labs.map((lab) => lab.meta.id))];

  it('holds at least ten labs, each in English and in French', () => {
    expect(ids.length).toBeGreaterThanOrEqual(10);
    for (const id of ids) {
      const languages = labs.filter((lab) => lab.meta.id === id).map((lab) => lab.meta.language);
      expect(languages.sort(), id).toEqual(['en', 'fr']);
    }
    expect(new Set(labs.map((lab) => lab.meta.order)).size).toBe(ids.length);
  });

  it.each(ids)('%s is the same exercise in both languages', (id) => {
    const en = labs.find((lab) => lab.meta.id === id && lab.meta.language === 'en') as LabDocument;
    const fr = labs.find((lab) => lab.meta.id === id && lab.meta.language === 'fr') as LabDocument;
    const { title: _t1, summary: _s1, language: _l1, ...enMeta } = en.meta;
    const { title: _t2, summary: _s2, language: _l2, ...frMeta } = fr.meta;
    expect(frMeta).toEqual(enMeta);
    expect(fr.meta.title).not.toBe(en.meta.title);
    expect(fr.steps.length).toBe(en.steps.length);
    en.steps.forEach((step, index) => {
      const other = fr.steps[index];
      expect(other?.objectives.map((o) => o.source)).toEqual(step.objectives.map((o) => o.source));
      expect(other?.setup).toEqual(step.setup);
      expect(other?.hints.length).toBe(step.hints.length);
      expect(other?.solution.map((line) => line.kind)).toEqual(
        step.solution.map((line) => line.kind),
      );
    });
  });
});
