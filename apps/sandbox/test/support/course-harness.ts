/**
 * A lab of the course running on the real page pieces, without a browser: the lab world on the
 * sample mailboxes, two shells on fake terminals (as the page's two tabs), and the course
 * controller following them. `play(step)` types a step's solution as a student would.
 */
import { apopDigest } from '@pop3-lab/core';
import { expandPlaceholders, type LabDocument } from '@pop3-lab/labs';
import { createSampleStore, sampleLogins, sampleUsers, seedSamples } from '@pop3-lab/samples';
import { courseBridge } from '../../src/course/course-bridge';
import { CourseController } from '../../src/course/course-controller';
import type { ServerOverride } from '../../src/course/course-state.svelte';
import { ProgressStore } from '../../src/course/progress-store';
import { translator } from '../../src/i18n/messages';
import { Lab, type LabMail, type ServerSettings } from '../../src/lab/lab';
import { allCommands } from '../../src/shell/commands';
import { Shell } from '../../src/shell/shell';
import { LineEditor } from '../../src/terminal/line-editor';
import { FakeTerminal } from './fake-terminal';

export const samplesMail: LabMail = {
  seed: (fs) => seedSamples(fs),
  store: (fs) => createSampleStore(fs),
  logins: () => sampleLogins(),
  accounts: sampleUsers,
};

/** localStorage in memory. */
export class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

interface Screen {
  readonly term: FakeTerminal;
  readonly editor: LineEditor;
  readonly shell: Shell;
}

export class CourseHarness {
  readonly lab: Lab;
  readonly screens: Screen[];
  readonly storage = new MemoryStorage();
  readonly store = new ProgressStore(this.storage);
  override: ServerOverride | undefined;
  terminals: 1 | 2 = 1;
  changes = 0;
  controller: CourseController | undefined;
  #current = 0;

  private constructor(lab: Lab) {
    this.lab = lab;
    const t = translator(() => 'en');
    this.screens = [1, 2].map((number) => {
      const term = new FakeTerminal(120);
      const editor = new LineEditor(term);
      const shell = new Shell({
        editor,
        world: { fs: lab.fs, network: lab.network, resetSamples: () => lab.reset() },
        commands: allCommands,
        t,
        onCommands: (commands) => courseBridge.shellCommands(number, commands),
      });
      void shell.run();
      return { term, editor, shell };
    });
  }

  static async create(): Promise<CourseHarness> {
    // The server settings are read at each connection: the lab's override once it is set.
    const holder: { harness?: CourseHarness } = {};
    const settings = (): ServerSettings => ({
      persona: holder.harness?.override?.persona ?? 'dovecot-like',
      disabled: holder.harness?.override?.disabled ?? [],
      allowPlaintextAuth: holder.harness?.override?.allowPlaintextAuth ?? true,
      language: 'en',
    });
    holder.harness = new CourseHarness(await Lab.create(samplesMail, settings));
    return holder.harness;
  }

  async open(lab: LabDocument, options: { fresh?: boolean } = {}): Promise<CourseController> {
    this.controller = await CourseController.open(
      {
        lab: this.lab,
        store: this.store,
        changed: () => this.changes++,
        server: (override) => {
          this.override = override;
          this.lab.applySettings();
        },
        terminals: (count) => (this.terminals = count),
      },
      lab,
      { kind: 'builtin', id: lab.meta.id },
      { fresh: options.fresh ?? true, resetWorld: true },
    );
    await this.settle();
    return this.controller;
  }

  /** What terminal `number` shows. */
  screen(number = 1): string {
    return this.screens[number - 1]?.term.screen ?? '';
  }

  /** Types a line in terminal `number` and waits for the answers. */
  async type(line: string, number = 1): Promise<void> {
    this.screens[number - 1]?.term.type(line + '\r');
    await this.settle();
  }

  /** Types one step's solution, line by line, waiting for the answers each time. */
  async play(step: number): Promise<void> {
    const lines = this.controller?.lab.steps[step]?.solution ?? [];
    for (const line of lines) {
      const screen = this.screens[this.#current] as Screen;
      switch (line.kind) {
        case 'terminal':
          this.#current = line.terminal - 1;
          continue;
        case 'pause':
          continue;
        case 'escape':
          screen.term.type('\x1d');
          break;
        case 'shell':
        case 'input': {
          const expanded = expandPlaceholders(line.text, {
            timestamps: this.controller?.progress.world.timestamps ?? [],
            digest: apopDigest,
          });
          if (!expanded.ok) throw new Error(`line ${line.line}: ${expanded.message}`);
          screen.term.type(expanded.text + '\r');
        }
      }
      await this.settle();
    }
  }

  /** Until every terminal waits for input, the lab is still and the course has looked. */
  async settle(): Promise<void> {
    let version = -1;
    let still = 0;
    const started = Date.now();
    while (still < 4 && Date.now() - started < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const idle = this.screens.every((screen) => screen.editor.reading);
      still = idle && this.lab.version === version ? still + 1 : 0;
      version = this.lab.version;
      await this.controller?.settled();
    }
  }

  stop(): void {
    this.controller?.leave();
    for (const screen of this.screens) screen.shell.stop();
  }
}
