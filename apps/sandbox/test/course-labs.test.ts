/**
 * Every built-in lab, played in the page's own shell: each step's solution typed into the
 * sandbox's terminals (two when the lab needs them) completes that step, as the course
 * controller sees it through the lab world's events, the shells' command lines and the
 * mailboxes. This is the page-side twin of packages/labs' rehearsal on the bare engine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { catalog } from '../src/course/catalog';
import { CourseHarness } from './support/course-harness';

let harness: CourseHarness | undefined;
afterEach(() => harness?.stop());

const labs = catalog.flatMap((entry) =>
  (['en', 'fr'] as const).flatMap((language) => {
    const lab = entry.versions[language];
    return lab ? [[`${entry.id} (${language})`, lab] as const] : [];
  }),
);

describe('the built-in labs in the page', () => {
  it('are all there, in both languages', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(10);
    for (const entry of catalog) expect(Object.keys(entry.versions).sort()).toEqual(['en', 'fr']);
  });

  it.each(labs)('%s can be completed by typing its solution', async (_name, lab) => {
    harness = await CourseHarness.create();
    const controller = await harness.open(lab);
    expect(harness.terminals).toBe(lab.meta.terminals);
    for (const [index, step] of lab.steps.entries()) {
      await harness.play(index);
      const remaining = controller.progress.remaining().map((o) => `${o.label} [${o.status}]`);
      expect(
        controller.progress.current,
        `step ${index + 1} "${step.title}" left: ${remaining.join('; ')}\n--- terminal 1:\n${harness.screen(1).split('\n').slice(-25).join('\n')}\n--- terminal 2:\n${harness.screen(2).split('\n').slice(-10).join('\n')}`,
      ).toBeGreaterThan(index);
    }
    expect(controller.progress.complete).toBe(true);
    expect(controller.finished).toBeDefined();
  });
});
