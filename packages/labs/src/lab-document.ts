/**
 * A lab as the parser returns it: the front matter, an introduction, and steps. Every part
 * remembers the line it came from, so the page and the checker can point a teacher at it.
 */
import type { FeatureName, PersonaName } from '@pop3-lab/core';
import type { Check } from './checks';
import type { ScriptLine } from './solution-script';

export type LabLanguage = 'en' | 'fr';
export const labLanguages: readonly LabLanguage[] = ['en', 'fr'];

export type LabLevel = 'beginner' | 'intermediate' | 'advanced';
export const labLevels: readonly LabLevel[] = ['beginner', 'intermediate', 'advanced'];

/** The mail a lab starts from. Only the shared sample set exists today. */
export type MailboxSet = 'samples';
export const mailboxSets: readonly MailboxSet[] = ['samples'];

export interface LabMeta {
  /** Lower-case words joined by hyphens; the English and French versions share it. */
  readonly id: string;
  readonly title: string;
  readonly language: LabLanguage;
  readonly level: LabLevel;
  /** One or two sentences for the lab picker. */
  readonly summary: string;
  /** Where the lab sits in the course (the picker sorts on it); labs without one come last. */
  readonly order: number | undefined;
  readonly mailboxes: MailboxSet;
  /** The server persona the lab starts with. */
  readonly persona: PersonaName;
  /** Commands and capabilities switched off for the whole lab. */
  readonly disabled: readonly FeatureName[];
  /** How many terminals the lab needs side by side (2 for the lock, APOP by hand). */
  readonly terminals: 1 | 2;
}

/** What the page sets up when a step begins. */
export interface StepSetup {
  /** Switch the server to this persona for new connections. */
  readonly persona: PersonaName | undefined;
  /** Replace the switched-off commands and capabilities for new connections. */
  readonly disabled: readonly FeatureName[] | undefined;
  /**
   * Allow USER/PASS (and AUTH PLAIN, LOGIN) before TLS for new connections, or refuse them
   * (RFC 2595 §2.3). Labs start with them allowed, as on a classroom's loopback.
   */
  readonly plaintextLogin: boolean | undefined;
  /** Put the sample mailboxes back as they were first. */
  readonly resetMailboxes: boolean;
}

export interface Objective {
  /** What the student reads, in the lab's language. */
  readonly label: string;
  readonly check: Check;
  /** The check as written, for error messages and the teacher's view. */
  readonly source: string;
  readonly line: number;
}

export interface LabStep {
  readonly title: string;
  readonly line: number;
  /** Markdown shown while the step is current. */
  readonly instructions: string;
  readonly objectives: readonly Objective[];
  /** Markdown, revealed one at a time on demand. */
  readonly hints: readonly string[];
  readonly setup: StepSetup | undefined;
  /** What a student types to complete the step; also the demo script. Empty when none. */
  readonly solution: readonly ScriptLine[];
}

export interface LabDocument {
  readonly meta: LabMeta;
  /** Markdown shown above the first step. */
  readonly intro: string;
  readonly steps: readonly LabStep[];
}
