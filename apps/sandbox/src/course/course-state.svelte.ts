/**
 * The course's reactive state, in the page's always-loaded code: what the address asked for,
 * whether the lab list is open, the running lab's controller (loaded lazily, with the labs
 * themselves), and what it imposes on the server and the terminals. Views read `version` to know
 * when to look at the controller again.
 */
import type { CourseController } from './course-controller';
import type { DemoController } from './demo-controller';
import type { MessageKey } from '../i18n/messages';
import { readCourseAddress, type CourseAddress } from './course-url';

export { savedLabIsOpen } from './saved-lab';

/** Something to tell the student: a message, and details such as a lab file's errors. */
export interface CourseNotice {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly detail?: string;
}

/** What a lab decides for the server, in place of the student's settings while it runs. */
export interface ServerOverride {
  readonly persona: string;
  readonly disabled: readonly string[];
  readonly allowPlaintextAuth: boolean;
}

function address(): CourseAddress {
  try {
    return readCourseAddress(globalThis.location?.search ?? '');
  } catch {
    return { request: { kind: 'none' }, embed: false, language: undefined };
  }
}

class CourseState {
  readonly address = address();
  /** The compact layout for iframes (`?embed=1`). */
  readonly embed = this.address.embed;
  pickerOpen = $state(false);
  /** The running lab, once the course code has loaded and a lab was opened. */
  controller: CourseController | undefined = $state.raw(undefined);
  demo: DemoController | undefined = $state.raw(undefined);
  /** Increases whenever the controller or the demo has something new to show. */
  version = $state(0);
  server: ServerOverride | undefined = $state(undefined);
  terminals: 1 | 2 = $state(1);
  activeTerminal: 1 | 2 = $state(1);
  /** A problem to show (a lab file that does not parse, an unknown lab id). */
  notice: CourseNotice | undefined = $state.raw(undefined);

  changed(): void {
    this.version += 1;
  }
}

export const course = new CourseState();
