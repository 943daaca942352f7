/** Where the course keeps its progress in localStorage, and a glance at it for the page's start. */
export const COURSE_KEY = 'pop3-lab.course';

/** Whether a lab was open when the page was last left, without loading the course code. */
export function savedLabIsOpen(): boolean {
  try {
    const raw = globalThis.localStorage?.getItem(COURSE_KEY);
    if (!raw) return false;
    const stored = JSON.parse(raw) as { active?: unknown };
    return typeof stored.active === 'object' && stored.active !== null;
  } catch {
    return false;
  }
}
