/**
 * The objective checker: follows one student through one lab. Facts go in (`feed`); the current
 * step's objectives tick as they are met; when all of them are, the next step begins. Only what
 * happens while a step is current counts for it, except state checks ("alice's mailbox is
 * empty", "a session is in TRANSACTION"), which look at the world as it is, once the objectives
 * listed above them are met. A met objective stays met. An `avoid` objective fails when its command is sent; the step then needs a retry.
 * Progress can be saved (small JSON for localStorage) and restored.
 */
import { isStateCheck, type Check } from './checks';
import type { LabFact } from './facts';
import type { LabDocument, LabStep } from './lab-document';
import { holds, meets } from './match-check';
import { WorldModel } from './world-model';

export type ObjectiveStatus = 'pending' | 'done' | 'failed';

export interface StepStatus {
  readonly objectives: readonly ObjectiveStatus[];
  /** How many hints the student has opened. */
  readonly hintsShown: number;
  readonly complete: boolean;
}

/** What `save` returns and `restore` takes: plain JSON. */
export interface SavedProgress {
  readonly id: string;
  readonly step: number;
  readonly done: readonly (readonly boolean[])[];
  readonly hints: readonly number[];
}

interface MutableStep {
  objectives: ObjectiveStatus[];
  hintsShown: number;
}

export class LabProgress {
  #lab: LabDocument;
  readonly world = new WorldModel();
  #current = 0;
  #steps: MutableStep[];

  constructor(lab: LabDocument, saved?: SavedProgress) {
    this.#lab = lab;
    this.#steps = lab.steps.map((step) => ({
      objectives: step.objectives.map(() => 'pending'),
      hintsShown: 0,
    }));
    if (saved) this.#restore(saved);
  }

  get lab(): LabDocument {
    return this.#lab;
  }

  /**
   * Goes on in another version of the same lab (its other language): same id, same steps with
   * the same checks. Returns false, changing nothing, when `lab` is not such a version.
   */
  translate(lab: LabDocument): boolean {
    const same =
      lab.meta.id === this.#lab.meta.id &&
      lab.steps.length === this.#lab.steps.length &&
      lab.steps.every((step, index) => {
        const mine = this.#lab.steps[index]?.objectives.map((objective) => objective.source);
        const theirs = step.objectives.map((objective) => objective.source);
        return JSON.stringify(mine) === JSON.stringify(theirs);
      });
    if (same) this.#lab = lab;
    return same;
  }

  /** Index of the current step; equals the number of steps once the lab is complete. */
  get current(): number {
    return this.#current;
  }

  get currentStep(): LabStep | undefined {
    return this.lab.steps[this.#current];
  }

  get complete(): boolean {
    return this.#current >= this.lab.steps.length;
  }

  status(step: number): StepStatus {
    const state = this.#steps[step];
    if (state === undefined) throw new RangeError(`no step ${step}`);
    return {
      objectives: [...state.objectives],
      hintsShown: state.hintsShown,
      complete: step < this.#current,
    };
  }

  /** The users whose mailboxes some objective looks at: send `mailbox` facts for them. */
  watchedMailboxes(): string[] {
    const users = new Set<string>();
    for (const step of this.lab.steps) {
      for (const objective of step.objectives) {
        if (objective.check.kind === 'mailbox') users.add(objective.check.user);
      }
    }
    return [...users];
  }

  /** Takes in a fact; returns true when any objective or the current step changed. */
  feed(fact: LabFact): boolean {
    const happenings = this.world.apply(fact);
    if (this.complete) return false;
    const step = this.#stepState();
    const objectives = this.lab.steps[this.#current]?.objectives ?? [];
    let changed = false;
    for (const happening of happenings) {
      objectives.forEach((objective, index) => {
        if (step.objectives[index] !== 'pending') return;
        if (objective.check.kind === 'avoid') {
          if (meets(objective.check, happening)) {
            step.objectives[index] = 'failed';
            changed = true;
          }
        } else if (meets(objective.check, happening)) {
          step.objectives[index] = 'done';
          changed = true;
        }
      });
    }
    return this.#settle() || changed;
  }

  /** Opens the next hint of the current step; returns how many are open. */
  revealHint(): number {
    const step = this.lab.steps[this.#current];
    if (step === undefined) return 0;
    const state = this.#stepState();
    state.hintsShown = Math.min(step.hints.length, state.hintsShown + 1);
    return state.hintsShown;
  }

  /** Starts the current step over (after an `avoid` failed, or to practise it again). */
  retryStep(): void {
    if (this.complete) return;
    const state = this.#stepState();
    state.objectives = state.objectives.map(() => 'pending');
    this.#settle();
  }

  /** Back to the first step, nothing done (the page also resets the mailboxes). */
  restart(): void {
    this.#current = 0;
    this.#steps = this.#steps.map((step) => ({
      objectives: step.objectives.map(() => 'pending'),
      hintsShown: 0,
    }));
    this.#settle();
  }

  save(): SavedProgress {
    return {
      id: this.lab.meta.id,
      step: this.#current,
      done: this.#steps.map((step) => step.objectives.map((status) => status === 'done')),
      hints: this.#steps.map((step) => step.hintsShown),
    };
  }

  /** Objectives of the current step still to do, with their labels. */
  remaining(): {
    readonly label: string;
    readonly check: Check;
    readonly status: ObjectiveStatus;
  }[] {
    const step = this.lab.steps[this.#current];
    if (step === undefined) return [];
    const state = this.#stepState();
    return step.objectives
      .map((objective, index) => ({
        label: objective.label,
        check: objective.check,
        status: state.objectives[index] ?? 'pending',
      }))
      .filter((objective) => objective.status !== 'done');
  }

  #stepState(): MutableStep {
    return this.#steps[this.#current] as MutableStep;
  }

  /**
   * Ticks state checks that hold now, completes `avoid`s once everything else is done, and
   * moves on while the current step is complete. Returns true when anything changed.
   */
  #settle(): boolean {
    let changed = false;
    while (!this.complete) {
      const step = this.lab.steps[this.#current] as LabStep;
      const state = this.#stepState();
      // A state check counts once the objectives listed above it are met: "then alice's
      // mailbox is empty" must not tick before the student has done anything.
      let above = true;
      step.objectives.forEach((objective, index) => {
        if (
          above &&
          state.objectives[index] === 'pending' &&
          isStateCheck(objective.check) &&
          holds(objective.check, this.world)
        ) {
          state.objectives[index] = 'done';
          changed = true;
        }
        if (objective.check.kind !== 'avoid' && state.objectives[index] !== 'done') above = false;
      });
      const others = step.objectives.every(
        (objective, index) =>
          objective.check.kind === 'avoid' || state.objectives[index] === 'done',
      );
      if (!others) break;
      if (state.objectives.some((status) => status === 'failed')) break;
      state.objectives = state.objectives.map(() => 'done');
      this.#current += 1;
      changed = true;
    }
    return changed;
  }

  #restore(saved: SavedProgress): void {
    if (saved.id !== this.lab.meta.id) return;
    const steps = this.lab.steps.length;
    const current = Number.isSafeInteger(saved.step) ? Math.max(0, Math.min(steps, saved.step)) : 0;
    this.#steps.forEach((state, index) => {
      const done = saved.done[index];
      state.objectives = state.objectives.map((_, objective) =>
        index < current || done?.[objective] === true ? 'done' : 'pending',
      );
      const hints = saved.hints[index];
      const available = this.lab.steps[index]?.hints.length ?? 0;
      state.hintsShown =
        typeof hints === 'number' && hints >= 0 ? Math.min(available, Math.floor(hints)) : 0;
    });
    this.#current = current;
  }
}
