/**
 * One lab running in the page: it feeds the objective checker (`LabProgress`) with what the lab
 * world reports — connections, engine events, the shells' command lines, the watched mailboxes —
 * applies each step's setup to the server, and keeps the progress in localStorage. It knows no
 * DOM; the course panel reads it and calls its methods.
 */
import {
  LabProgress,
  type LabDocument,
  type LabFact,
  type ObjectiveStatus,
  type StepSetup,
} from '@pop3-lab/labs';
import type { Language, Translate } from '../i18n/messages';
import type { Lab } from '../lab/lab';
import { transcriptToMarkdown, transcriptToText, type TranscriptEntry } from '../lab/transcript';
import { courseBridge } from './course-bridge';
import type { ServerOverride } from './course-state.svelte';
import { recordKey, type ActiveLab, type LabRecord, type ProgressStore } from './progress-store';

export interface CourseDeps {
  readonly lab: Lab;
  readonly store: ProgressStore;
  /** Something the views show has changed. */
  readonly changed: () => void;
  /** The server settings the lab imposes now, or undefined when it lets go. */
  readonly server: (override: ServerOverride | undefined) => void;
  /** How many terminals the lab needs. */
  readonly terminals: (count: 1 | 2) => void;
  readonly now?: () => number;
}

export interface StepView {
  readonly title: string;
  readonly instructions: string;
  readonly objectives: readonly { readonly label: string; readonly status: ObjectiveStatus }[];
  readonly hints: readonly string[];
  readonly hintsShown: number;
  readonly solution: string;
  readonly complete: boolean;
}

/** The server a lab wants at a step: its front matter, then every setup up to that step. */
export function serverAt(lab: LabDocument, step: number): ServerOverride {
  let persona: string = lab.meta.persona;
  let disabled: readonly string[] = lab.meta.disabled;
  let allowPlaintextAuth = true;
  lab.steps.slice(0, step + 1).forEach((s) => {
    const setup: StepSetup | undefined = s.setup;
    if (!setup) return;
    if (setup.persona !== undefined) persona = setup.persona;
    if (setup.disabled !== undefined) disabled = setup.disabled;
    if (setup.plaintextLogin !== undefined) allowPlaintextAuth = setup.plaintextLogin;
  });
  return { persona, disabled, allowPlaintextAuth };
}

export class CourseController {
  readonly active: ActiveLab;
  readonly progress: LabProgress;
  /** The step a saved attempt resumed at (the world started afresh: sessions must reconnect). */
  readonly resumedAt: number | undefined;
  readonly #deps: CourseDeps;
  readonly #now: () => number;
  readonly #key: string;
  #record: LabRecord;
  /** Transcript entries from this id on belong to this lab's attempt. */
  #transcriptFrom: number;
  /** The step whose setup was applied last. */
  #setupApplied = -1;
  #unsubscribe: (() => void)[] = [];
  #probing: Promise<void> | undefined;
  #probeAgain = false;
  #closed = false;

  private constructor(deps: CourseDeps, lab: LabDocument, active: ActiveLab, fresh: boolean) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => Date.now());
    this.active = active;
    this.#key = recordKey(active, lab.meta.id);
    const saved = fresh ? undefined : deps.store.record(this.#key);
    this.progress = new LabProgress(lab, saved);
    this.resumedAt =
      saved && this.progress.current > 0 && !this.progress.complete
        ? this.progress.current
        : undefined;
    this.#record = {
      ...this.progress.save(),
      started: saved?.started ?? this.#now(),
      finished: saved?.finished,
    };
    this.#transcriptFrom = this.#nextTranscriptId();
  }

  /**
   * Opens a lab. `fresh` starts it from its first step (forgetting saved progress); otherwise a
   * saved attempt resumes at its step. Either way the mailboxes start as the samples.
   */
  static async open(
    deps: CourseDeps,
    lab: LabDocument,
    active: ActiveLab,
    options: { fresh: boolean; resetWorld: boolean },
  ): Promise<CourseController> {
    if (options.resetWorld) await deps.lab.reset();
    const controller = new CourseController(deps, lab, active, options.fresh);
    controller.#start();
    return controller;
  }

  get lab(): LabDocument {
    return this.progress.lab;
  }

  get started(): number {
    return this.#record.started;
  }

  get finished(): number | undefined {
    return this.#record.finished;
  }

  #start(): void {
    const { lab, store } = this.#deps;
    store.setActive(this.active);
    this.#deps.terminals(this.lab.meta.terminals);
    this.#unsubscribe.push(
      lab.watch({
        connectionOpened: (connection, port, tls) =>
          this.#feed({ kind: 'connection-opened', connection, port, tls }),
        engineEvent: (connection, event) => {
          this.#feed({ kind: 'engine', connection, event });
          if (event.type === 'update' || event.type === 'session-ended') this.#probe();
        },
        connectionClosed: (connection) => {
          this.#feed({ kind: 'connection-closed', connection });
          this.#probe();
        },
        reset: () => this.#probe(),
      }),
      courseBridge.onShellCommands((terminal, commands) =>
        this.#feed({ kind: 'shell', terminal, commands }),
      ),
    );
    this.#enterStep();
    this.#save();
    this.#probe();
    this.#deps.changed();
  }

  /** Stops following the lab and gives the server back to the student's settings. */
  leave(): void {
    this.#stop();
    this.#deps.store.setActive(undefined);
  }

  #stop(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    this.#deps.server(undefined);
    this.#deps.terminals(1);
  }

  /** From the first step again, with fresh mailboxes and a fresh transcript. */
  async restart(): Promise<void> {
    await this.#deps.lab.reset();
    this.#deps.lab.transcript.clear();
    this.progress.restart();
    this.#record = { ...this.progress.save(), started: this.#now(), finished: undefined };
    this.#transcriptFrom = this.#nextTranscriptId();
    this.#setupApplied = -1;
    this.#enterStep();
    this.#save();
    this.#probe();
    this.#deps.changed();
  }

  revealHint(): void {
    this.progress.revealHint();
    this.#save();
    this.#deps.changed();
  }

  retryStep(): void {
    this.progress.retryStep();
    this.#afterChange();
  }

  /** Shows the lab in another language, when this one exists in it; progress carries on. */
  translate(lab: LabDocument | undefined): void {
    if (lab && lab !== this.lab && this.progress.translate(lab)) this.#deps.changed();
  }

  step(index: number): StepView | undefined {
    const step = this.lab.steps[index];
    if (!step) return undefined;
    const status = this.progress.status(index);
    return {
      title: step.title,
      instructions: step.instructions,
      objectives: step.objectives.map((objective, i) => ({
        label: objective.label,
        status: status.objectives[i] ?? 'pending',
      })),
      hints: step.hints,
      hintsShown: status.hintsShown,
      solution: solutionText(step.solution),
      complete: status.complete,
    };
  }

  /** This attempt's transcript: what happened since the lab was opened or restarted. */
  transcript(): readonly TranscriptEntry[] {
    return this.#deps.lab.transcript.entries.filter((entry) => entry.id >= this.#transcriptFrom);
  }

  /** The completion report: the lab, its steps, the time taken, then the transcript. */
  report(format: 'text' | 'markdown', language: Language, t: Translate): string {
    const entries = this.transcript();
    const end = this.#record.finished ?? this.#now();
    const minutes = Math.max(1, Math.round((end - this.#record.started) / 60_000));
    const steps = this.lab.steps.map((step, index) => ({
      title: step.title,
      done: index < this.progress.current,
    }));
    if (format === 'markdown') {
      return [
        `# ${this.lab.meta.title}`,
        '',
        `${t('course.report.time', { minutes })} · ${new Date(end).toISOString().slice(0, 16).replace('T', ' ')}`,
        '',
        ...steps.map((step, index) => `${index + 1}. ${step.done ? '✅' : '⬜'} ${step.title}`),
        '',
        transcriptToMarkdown(entries, language, t).replace(/^# /, '## '),
      ].join('\n');
    }
    return [
      this.lab.meta.title,
      `${t('course.report.time', { minutes })} · ${new Date(end).toISOString().slice(0, 16).replace('T', ' ')}`,
      '',
      ...steps.map((step, index) => `${step.done ? '[x]' : '[ ]'} ${index + 1}. ${step.title}`),
      '',
      transcriptToText(entries, language, t),
    ].join('\n');
  }

  #feed(fact: LabFact): void {
    if (this.#closed) return;
    if (this.progress.feed(fact)) this.#afterChange();
  }

  #afterChange(): void {
    if (this.progress.complete && this.#record.finished === undefined) {
      this.#record = { ...this.#record, finished: this.#now() };
    }
    this.#enterStep();
    this.#save();
    this.#deps.changed();
  }

  /** A step has begun: its setup applies to the server from now on. */
  #enterStep(): void {
    const current = Math.min(this.progress.current, this.lab.steps.length - 1);
    this.#deps.server(serverAt(this.lab, current));
    if (this.#setupApplied >= current) return;
    const entered = this.lab.steps.slice(this.#setupApplied + 1, current + 1);
    this.#setupApplied = current;
    if (this.progress.complete) return;
    // A step that starts from fresh mailboxes: every connection closes and the samples return.
    if (entered.some((step) => step.setup?.resetMailboxes) && this.progress.current === current) {
      void this.#deps.lab.reset();
    }
  }

  #save(): void {
    this.#record = { ...this.#record, ...this.progress.save() };
    this.#deps.store.save(this.#key, this.#record);
  }

  /** Looks at the watched mailboxes again (coalescing requests that arrive meanwhile). */
  #probe(): void {
    if (this.#closed) return;
    if (this.#probing) {
      this.#probeAgain = true;
      return;
    }
    this.#probing = (async () => {
      do {
        this.#probeAgain = false;
        for (const user of this.progress.watchedMailboxes()) {
          const snapshot = await this.#deps.lab.mailbox(user);
          if (snapshot.error !== undefined) continue;
          this.#feed({
            kind: 'mailbox',
            user,
            messages: snapshot.messages.map((message) => ({ subject: message.subject })),
          });
        }
      } while (this.#probeAgain && !this.#closed);
    })()
      .catch((error: unknown) => console.error('the course could not read a mailbox', error))
      .finally(() => (this.#probing = undefined));
  }

  /** Resolves when no mailbox look is under way (for tests). */
  async settled(): Promise<void> {
    while (this.#probing) await this.#probing;
  }

  #nextTranscriptId(): number {
    const entries = this.#deps.lab.transcript.entries;
    const last = entries[entries.length - 1];
    return last ? last.id + 1 : 0;
  }
}

function solutionText(lines: LabDocument['steps'][number]['solution']): string {
  return lines
    .map((line) => {
      switch (line.kind) {
        case 'shell':
          return `$ ${line.text}`;
        case 'input':
          return line.text;
        case 'escape':
          return '^]  (Ctrl-])';
        case 'terminal':
          return `# terminal ${line.terminal}`;
        case 'pause':
          return undefined;
      }
    })
    .filter((text): text is string => text !== undefined)
    .join('\n');
}
