/**
 * The course's entry point, loaded on demand: opens labs (built-in, or a teacher's file), resumes
 * the one that was open, starts demos, and ties them to the page's lab world and reactive state.
 */
import { formatLabErrors, parseLab, validateLab, type LabDocument } from '@pop3-lab/labs';
import type { Language } from '../i18n/messages';
import type { Lab } from '../lab/lab';
import { builtinLab, catalog } from './catalog';
import { CourseController } from './course-controller';
import { course, type CourseNotice } from './course-state.svelte';
import { DemoController } from './demo-controller';
import { ProgressStore, type ActiveLab } from './progress-store';

export { catalog } from './catalog';

function localStorageOrNothing(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export const store = new ProgressStore(localStorageOrNothing());

/** A teacher's file, parsed and checked against this page's logins; errors name their lines. */
export function readLabFile(
  lab: Lab,
  text: string,
  source: string,
): { ok: true; lab: LabDocument } | { ok: false; message: string } {
  const parsed = parseLab(text);
  if (!parsed.ok) return { ok: false, message: formatLabErrors(parsed.errors, source) };
  const users = lab.accounts.map((account) => account.user);
  const errors = validateLab(parsed.lab, users.length > 0 ? { users } : {});
  if (errors.length > 0) return { ok: false, message: formatLabErrors(errors, source) };
  return { ok: true, lab: parsed.lab };
}

function documentFor(lab: Lab, active: ActiveLab, language: Language): LabDocument | CourseNotice {
  if (active.kind === 'builtin') {
    return (
      builtinLab(active.id, language) ?? { key: 'course.unknownLab', params: { id: active.id } }
    );
  }
  const read = readLabFile(lab, active.text, 'lab');
  return read.ok ? read.lab : { key: 'course.fileError', detail: read.message };
}

function isNotice(value: LabDocument | CourseNotice): value is CourseNotice {
  return 'key' in value;
}

function stopCurrent(): void {
  course.controller?.leave();
  course.controller = undefined;
  course.demo?.dispose();
  course.demo = undefined;
}

/** Opens a lab; `fresh` starts it over, otherwise a saved attempt resumes. */
export async function openLab(
  lab: Lab,
  active: ActiveLab,
  language: Language,
  options: { fresh: boolean },
): Promise<boolean> {
  const document = documentFor(lab, active, language);
  if (isNotice(document)) {
    course.notice = document;
    course.changed();
    return false;
  }
  stopCurrent();
  course.notice = undefined;
  course.controller = await CourseController.open(
    {
      lab,
      store,
      changed: () => course.changed(),
      server: (override) => (course.server = override),
      terminals: (count) => {
        course.terminals = count;
        if (count === 1) course.activeTerminal = 1;
      },
    },
    document,
    active,
    { fresh: options.fresh, resetWorld: true },
  );
  course.pickerOpen = false;
  course.changed();
  return true;
}

export function leaveLab(): void {
  stopCurrent();
  store.setActive(undefined);
  course.changed();
}

/** The same lab in the other language, when there is one. */
export function languageChanged(language: Language): void {
  const controller = course.controller;
  if (controller?.active.kind === 'builtin') {
    controller.translate(builtinLab(controller.active.id, language));
  }
}

/** Plays a lab's solution as a demo (`?embed=1&demo=…`). */
export async function startDemo(
  lab: Lab,
  source: { id: string | undefined; text: string | undefined },
  language: Language,
  options: { speed: number; autoplay: boolean },
): Promise<void> {
  const document =
    source.text !== undefined
      ? documentFor(lab, { kind: 'file', text: source.text }, language)
      : documentFor(lab, { kind: 'builtin', id: source.id ?? '' }, language);
  if (isNotice(document)) {
    course.notice = document;
    course.changed();
    return;
  }
  stopCurrent();
  await lab.reset();
  const demo = new DemoController(
    {
      lab,
      server: (override) => (course.server = override),
      showTerminal: (number) => (course.activeTerminal = number),
      terminals: (count) => (course.terminals = count),
      changed: () => course.changed(),
    },
    document,
    options.speed,
  );
  course.demo = demo;
  course.changed();
  // The second terminal, when the demo needs one, must exist before the first keys reach it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (options.autoplay) demo.play();
}

/** Everything the address asks for, once the lab world is up. */
export async function startFromAddress(lab: Lab, language: Language): Promise<void> {
  const { request } = course.address;
  switch (request.kind) {
    case 'lab':
      await openLab(lab, { kind: 'builtin', id: request.id }, language, { fresh: false });
      return;
    case 'lab-file':
      await openLab(lab, { kind: 'file', text: request.text }, language, { fresh: false });
      return;
    case 'demo':
      await startDemo(lab, { id: request.id, text: request.text }, language, {
        speed: request.speed,
        autoplay: request.autoplay,
      });
      return;
    case 'invalid':
      course.notice = { key: 'course.badAddress' };
      course.changed();
      return;
    case 'none': {
      const active = store.active();
      if (active) await openLab(lab, active, language, { fresh: false });
    }
  }
}

/** The built-in labs with the student's progress in each, for the lab list. */
export function labList(language: Language): {
  id: string;
  lab: LabDocument;
  step: number;
  finished: boolean;
}[] {
  const records = store.records();
  return catalog.flatMap((entry) => {
    const lab = entry.versions[language] ?? entry.versions.en ?? entry.versions.fr;
    if (!lab) return [];
    const record = records[entry.id];
    return [
      {
        id: entry.id,
        lab,
        step: record?.step ?? 0,
        finished: record?.finished !== undefined,
      },
    ];
  });
}
