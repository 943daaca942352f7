/**
 * The complete example of docs/en/lab-format.md and docs/fr/format-des-labs.md is a real lab:
 * it parses, validates and can be completed, so the documentation cannot drift from the format.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sampleUsers } from '@pop3-lab/samples';
import { loadLab } from '../src/index';
import { describeReport, rehearseLab, samplesMail } from '../rehearsal/index';

const docs = fileURLToPath(new URL('../../../docs/', import.meta.url));

function example(path: string): string {
  const text = readFileSync(`${docs}${path}`, 'utf8');
  const match = /^````markdown\n([\s\S]*?)\n````$/m.exec(text);
  if (!match?.[1]) throw new Error(`${path} has no complete example`);
  return match[1];
}

describe('the documented example lab', () => {
  it.each(['en/lab-format.md', 'fr/format-des-labs.md'])('%s', async (path) => {
    const lab = loadLab(example(path), path, { users: sampleUsers.map((user) => user.user) });
    expect(lab.steps.length).toBeGreaterThanOrEqual(3);
    const kinds = new Set(lab.steps.flatMap((step) => step.objectives.map((o) => o.check.kind)));
    expect([...kinds].sort()).toEqual(['avoid', 'login', 'mailbox', 'send', 'shell', 'update']);
    const report = await rehearseLab(lab, samplesMail());
    expect(report.completed, describeReport(report, path)).toBe(true);
  });

  it('is the same lab in both languages', () => {
    const en = loadLab(example('en/lab-format.md'));
    const fr = loadLab(example('fr/format-des-labs.md'));
    expect(fr.meta.id).toBe(en.meta.id);
    expect(fr.steps.map((s) => s.objectives.map((o) => o.source))).toEqual(
      en.steps.map((s) => s.objectives.map((o) => o.source)),
    );
  });
});
