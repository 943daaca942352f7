/**
 * Plays a lab's solution as a demonstration: types each line into the terminal at human speed,
 * waits for the answers, pauses between steps, and stops when asked or at the end, leaving the
 * terminal to the reader. It knows nothing of xterm or the DOM: keys go to a `DemoSink`, time
 * passes through a `DemoClock`, so tests can run it at once.
 */
import { apopDigest } from '@pop3-lab/core';
import { expandPlaceholders, type LabDocument, type ScriptLine } from '@pop3-lab/labs';

export type TerminalNumber = 1 | 2;

export interface DemoSink {
  /** Brings terminal n to the front. */
  showTerminal(terminal: TerminalNumber): void;
  /** Sends keys to terminal n, as if typed ("\r" is Enter, "\x1d" is Ctrl-]). */
  keys(terminal: TerminalNumber, data: string): void;
  /** Resolves once the answers to what was just typed have arrived. */
  settled(): Promise<void>;
  /** Greeting timestamps seen so far, oldest first (for {timestamp} and {digest:…}). */
  timestamps(): readonly string[];
  /** A step begins: apply its setup (server persona, fresh mailboxes…) before it is typed. */
  enterStep?(index: number): Promise<void> | void;
}

export interface DemoClock {
  sleep(ms: number): Promise<void>;
}

export type DemoState = 'ready' | 'playing' | 'paused' | 'finished' | 'stopped';

export interface DemoTiming {
  /** Milliseconds per typed character at speed 1. */
  readonly perKey: number;
  /** After an answer, to read it. */
  readonly afterLine: number;
  /** Between two steps. */
  readonly betweenSteps: number;
}

export const defaultTiming: DemoTiming = { perKey: 55, afterLine: 700, betweenSteps: 1400 };

class Stopped extends Error {}

export class DemoPlayer {
  readonly #lab: LabDocument;
  readonly #sink: DemoSink;
  readonly #clock: DemoClock;
  readonly #timing: DemoTiming;
  #speed: number;
  #state: DemoState = 'ready';
  #resume: (() => void) | undefined;
  #listeners = new Set<(state: DemoState, step: number) => void>();
  #step = 0;
  #terminal: TerminalNumber = 1;

  constructor(
    lab: LabDocument,
    sink: DemoSink,
    clock: DemoClock,
    options: { speed?: number; timing?: DemoTiming } = {},
  ) {
    this.#lab = lab;
    this.#sink = sink;
    this.#clock = clock;
    this.#timing = options.timing ?? defaultTiming;
    this.#speed = options.speed ?? 1;
  }

  get state(): DemoState {
    return this.#state;
  }

  /** The step being played (0-based). */
  get step(): number {
    return this.#step;
  }

  subscribe(listener: (state: DemoState, step: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Plays from the start to the end (or until stopped). Resolves when it is over. */
  async play(): Promise<void> {
    if (this.#state !== 'ready') return;
    this.#set('playing');
    try {
      for (const [index, step] of this.#lab.steps.entries()) {
        this.#step = index;
        this.#emit();
        await this.#sink.enterStep?.(index);
        if (index > 0) await this.#wait(this.#timing.betweenSteps);
        for (const line of step.solution) await this.#play(line);
      }
      this.#set('finished');
    } catch (error) {
      if (!(error instanceof Stopped)) throw error;
    }
  }

  pause(): void {
    if (this.#state === 'playing') this.#set('paused');
  }

  resume(): void {
    if (this.#state !== 'paused') return;
    this.#set('playing');
    const resume = this.#resume;
    this.#resume = undefined;
    resume?.();
  }

  /** Stops for good: the reader takes over. */
  stop(): void {
    if (this.#state === 'finished' || this.#state === 'stopped') return;
    this.#set('stopped');
    const resume = this.#resume;
    this.#resume = undefined;
    resume?.();
  }

  async #play(line: ScriptLine): Promise<void> {
    switch (line.kind) {
      case 'terminal':
        this.#terminal = line.terminal;
        this.#sink.showTerminal(line.terminal);
        await this.#wait(this.#timing.afterLine / 2);
        return;
      case 'pause':
        await this.#wait(line.seconds * 1000);
        return;
      case 'escape':
        await this.#gate();
        this.#sink.keys(this.#terminal, '\x1d');
        await this.#wait(this.#timing.afterLine / 2);
        return;
      case 'shell':
      case 'input': {
        const text = line.text;
        const expanded = expandPlaceholders(text, {
          timestamps: this.#sink.timestamps(),
          digest: apopDigest,
        });
        const typed = expanded.ok ? expanded.text : text;
        for (const char of typed) {
          await this.#gate();
          this.#sink.keys(this.#terminal, char);
          await this.#clock.sleep(this.#timing.perKey / this.#speed);
        }
        await this.#gate();
        this.#sink.keys(this.#terminal, '\r');
        await this.#sink.settled();
        await this.#wait(this.#timing.afterLine);
      }
    }
  }

  /** Sleeps, holding still while paused. */
  async #wait(ms: number): Promise<void> {
    await this.#gate();
    await this.#clock.sleep(ms / this.#speed);
    await this.#gate();
  }

  /** Returns at once while playing; waits while paused; throws once stopped. */
  async #gate(): Promise<void> {
    while (this.#state === 'paused') {
      await new Promise<void>((resolve) => (this.#resume = resolve));
    }
    if (this.#state === 'stopped') throw new Stopped();
  }

  #set(state: DemoState): void {
    this.#state = state;
    this.#emit();
  }

  #emit(): void {
    for (const listener of this.#listeners) listener(this.#state, this.#step);
  }
}
