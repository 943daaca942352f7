/**
 * A demo in the page: a `DemoPlayer` typing a lab's solution into the page's terminals, with
 * the lab world telling it when the answers have arrived and which greeting timestamps exist.
 * Restart puts the mailboxes and the screens back and plays again.
 */
import { WorldModel, type LabDocument } from '@pop3-lab/labs';
import type { Lab } from '../lab/lab';
import { serverAt } from './course-controller';
import type { ServerOverride } from './course-state.svelte';
import { terminal } from '../ui/terminal-registry';
import { DemoPlayer, type DemoState, type TerminalNumber } from './demo-player';

export interface DemoDeps {
  readonly lab: Lab;
  /** The server settings the demo's step wants (as a lab would impose them). */
  readonly server: (override: ServerOverride | undefined) => void;
  readonly showTerminal: (terminal: TerminalNumber) => void;
  readonly terminals: (count: 1 | 2) => void;
  readonly changed: () => void;
}

const QUIET_MS = 250;
const LONGEST_WAIT_MS = 5000;

/**
 * Resolves once the terminal waits for input again and the lab has been still for a moment —
 * the answers are on screen — or after a while, whatever happens.
 */
function quiet(lab: Lab, idle: () => boolean = () => true): Promise<void> {
  return new Promise((resolve) => {
    let version = lab.version;
    let still = 0;
    const started = Date.now();
    const timer = setInterval(() => {
      still = lab.version === version && idle() ? still + 50 : 0;
      version = lab.version;
      if (still >= QUIET_MS || Date.now() - started > LONGEST_WAIT_MS) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });
}

export class DemoController {
  readonly lab: LabDocument;
  readonly #deps: DemoDeps;
  readonly #speed: number;
  readonly #world = new WorldModel();
  readonly #unwatch: () => void;
  #player: DemoPlayer;
  /** The terminal the demo types in. */
  #current: TerminalNumber = 1;
  #unsubscribe: () => void = () => {};

  constructor(deps: DemoDeps, lab: LabDocument, speed: number) {
    this.#deps = deps;
    this.lab = lab;
    this.#speed = speed;
    this.#unwatch = deps.lab.watch({
      connectionOpened: (connection, port, tls) =>
        this.#world.apply({ kind: 'connection-opened', connection, port, tls }),
      engineEvent: (connection, event) => this.#world.apply({ kind: 'engine', connection, event }),
    });
    deps.terminals(lab.meta.terminals);
    this.#player = this.#newPlayer();
  }

  get state(): DemoState {
    return this.#player.state;
  }

  get step(): number {
    return this.#player.step;
  }

  #newPlayer(): DemoPlayer {
    this.#unsubscribe();
    const player = new DemoPlayer(
      this.lab,
      {
        showTerminal: (number) => {
          this.#current = number;
          this.#deps.showTerminal(number);
        },
        keys: (number, data) => terminal(number)?.keys(data),
        settled: () => quiet(this.#deps.lab, () => terminal(this.#current)?.idle ?? true),
        timestamps: () => this.#world.timestamps,
        enterStep: async (index) => {
          this.#deps.server(serverAt(this.lab, index));
          if (this.lab.steps[index]?.setup?.resetMailboxes) await this.#deps.lab.reset();
        },
      },
      { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
      { speed: this.#speed },
    );
    this.#unsubscribe = player.subscribe(() => this.#deps.changed());
    return player;
  }

  play(): void {
    if (this.#player.state === 'ready') void this.#player.play();
    else this.#player.resume();
  }

  pause(): void {
    this.#player.pause();
  }

  /** The reader takes the keyboard: the demo stops where it is. */
  takeOver(): void {
    this.#player.stop();
    terminal(1)?.focus();
  }

  /** Fresh mailboxes, clean screens, and the demo from its start. */
  async restart(): Promise<void> {
    this.#player.stop();
    await this.#deps.lab.reset();
    this.#deps.lab.transcript.clear();
    this.#current = 1;
    this.#deps.showTerminal(1);
    // Give the terminals a moment to come back to their prompts after their connections closed.
    await quiet(this.#deps.lab);
    for (const number of [1, 2]) terminal(number)?.keys('\x0c');
    this.#player = this.#newPlayer();
    this.#deps.changed();
    void this.#player.play();
  }

  dispose(): void {
    this.#player.stop();
    this.#unsubscribe();
    this.#unwatch();
    this.#deps.server(undefined);
    this.#deps.terminals(1);
  }
}
