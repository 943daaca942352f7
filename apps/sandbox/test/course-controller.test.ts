/**
 * The course controller in the page: progress kept and resumed, the server as each step wants
 * it, the other language, the completion report, starting over, and what is stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { builtinLab } from '../src/course/catalog';
import { COURSE_KEY, ProgressStore } from '../src/course/progress-store';
import { translator } from '../src/i18n/messages';
import { CourseHarness, MemoryStorage } from './support/course-harness';

let harness: CourseHarness | undefined;
afterEach(() => harness?.stop());

function lab(id: string, language: 'en' | 'fr' = 'en') {
  const found = builtinLab(id, language);
  if (!found) throw new Error(`no lab ${id}`);
  return found;
}

describe('the course controller', () => {
  it('keeps progress after each step and resumes there', async () => {
    harness = await CourseHarness.create();
    const controller = await harness.open(lab('first-contact'));
    await harness.play(0);
    await harness.play(1);
    expect(controller.progress.current).toBe(2);
    const record = harness.store.record('first-contact');
    expect(record).toMatchObject({ id: 'first-contact', step: 2 });
    expect(record?.finished).toBeUndefined();
    expect(harness.store.active()).toEqual({ kind: 'builtin', id: 'first-contact' });

    controller.leave();
    expect(harness.store.active()).toBeUndefined();
    const resumed = await harness.open(lab('first-contact'), { fresh: false });
    expect(resumed.progress.current).toBe(2);
    expect(resumed.started).toBe(record?.started);
    expect(resumed.resumedAt).toBe(2);
    expect(controller.resumedAt).toBeUndefined();
    // The lab world starts afresh (as after a reload): the student connects again.
    await harness.type('telnet localhost 110');
    await harness.play(2);
    await harness.play(3);
    expect(resumed.progress.complete).toBe(true);
    expect(harness.store.record('first-contact')?.finished).toBeGreaterThanOrEqual(resumed.started);
  });

  it('sets the server each step asks for, and gives it back when the lab is left', async () => {
    harness = await CourseHarness.create();
    const controller = await harness.open(lab('capa-and-personas'));
    expect(harness.override).toEqual({
      persona: 'dovecot-like',
      disabled: [],
      allowPlaintextAuth: true,
    });
    await harness.play(0);
    expect(harness.override?.persona).toBe('strict-rfc1939');
    await harness.play(1);
    expect(harness.override?.persona).toBe('legacy');
    expect(harness.screen(1)).toContain('-ERR Unknown command: CAPA');
    controller.leave();
    expect(harness.override).toBeUndefined();
  });

  it('opens a second terminal for the labs that need one', async () => {
    harness = await CourseHarness.create();
    const controller = await harness.open(lab('lock-in-use'));
    expect(harness.terminals).toBe(2);
    await harness.play(0);
    await harness.play(1);
    expect(harness.screen(2)).toContain('-ERR [IN-USE]');
    expect(controller.progress.current).toBe(2);
    controller.leave();
    expect(harness.terminals).toBe(1);
  });

  it('goes on in the other language without losing progress', async () => {
    harness = await CourseHarness.create();
    const controller = await harness.open(lab('first-contact'));
    await harness.play(0);
    controller.translate(lab('first-contact', 'fr'));
    expect(controller.lab.meta.language).toBe('fr');
    expect(controller.step(controller.progress.current)?.title).toBe('Se tromper de mot de passe');
    await harness.play(1);
    expect(controller.progress.current).toBe(2);
  });

  it('reports the lab, its steps and this attempt’s transcript, passwords masked', async () => {
    harness = await CourseHarness.create();
    const controller = await harness.open(lab('first-contact'));
    for (let step = 0; step < 4; step++) await harness.play(step);
    const t = translator(() => 'en');
    const text = controller.report('text', 'en', t);
    expect(text).toMatch(
      /^First contact\n\d+ min · \d{4}-\d\d-\d\d \d\d:\d\d\n\n\[x\] 1\. Knock on port 110\n/,
    );
    expect(text).toContain('C: user chris');
    expect(text).toContain('C: pass ****');
    expect(text).not.toContain('epikoi');
    const markdown = controller.report('markdown', 'en', t);
    expect(markdown).toMatch(/^# First contact\n/);
    expect(markdown).toContain('4. ✅ Leave politely');
    expect(markdown).toContain('## POP3 Lab transcript');
  });

  it('starts over with fresh mailboxes and a fresh transcript', async () => {
    harness = await CourseHarness.create();
    const controller = await harness.open(lab('dele-and-rset'));
    for (let step = 0; step < 5; step++) await harness.play(step);
    expect(controller.progress.complete).toBe(true);
    expect((await harness.lab.mailbox('chris')).messages).toHaveLength(2);
    await controller.restart();
    await harness.settle();
    expect(controller.progress.current).toBe(0);
    expect(controller.finished).toBeUndefined();
    expect(controller.transcript()).toEqual([]);
    expect((await harness.lab.mailbox('chris')).messages).toHaveLength(3);
  });
});

describe('the progress store', () => {
  it('keeps built-in labs and teachers’ files apart, and forgets on demand', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage);
    const record = {
      id: 'x',
      step: 1,
      done: [[true], [false]],
      hints: [0, 1],
      started: 5,
      finished: undefined,
    };
    store.save('x', record);
    store.save('file:x', { ...record, step: 0 });
    expect(store.record('x')).toEqual(record);
    expect(store.record('file:x')?.step).toBe(0);
    store.setActive({ kind: 'file', text: 'lab text' });
    expect(new ProgressStore(storage).active()).toEqual({ kind: 'file', text: 'lab text' });
    store.forget('x');
    expect(store.record('x')).toBeUndefined();
    expect(store.record('file:x')).toBeDefined();
  });

  it('ignores what it cannot trust', () => {
    const storage = new MemoryStorage();
    storage.setItem(COURSE_KEY, '{not json');
    expect(new ProgressStore(storage).records()).toEqual({});
    storage.setItem(
      COURSE_KEY,
      JSON.stringify({
        active: { kind: 'builtin' },
        labs: { good: { id: 'good', step: 0, done: [], hints: [], started: 1 }, bad: { id: 3 } },
      }),
    );
    const store = new ProgressStore(storage);
    expect(store.active()).toBeUndefined();
    expect(Object.keys(store.records())).toEqual(['good']);
    expect(new ProgressStore(undefined).records()).toEqual({});
  });
});
