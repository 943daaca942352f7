/**
 * What a run must undo — servers to stop, directories to remove — kept as a stack and undone
 * in reverse order: when the run ends, when it fails, and on Ctrl-C or SIGTERM.
 */
import { stopChildren } from './processes';

type Step = { readonly label: string; readonly run: () => Promise<void> | void };

export class Cleanup {
  readonly #steps = new Map<number, Step>();
  #next = 0;

  /**
   * Registers a step; the returned function runs it now (once) and forgets it, for things
   * stopped in the normal course of the run.
   */
  defer(label: string, run: Step['run']): () => Promise<void> {
    const id = this.#next++;
    this.#steps.set(id, { label, run });
    return async () => {
      const step = this.#steps.get(id);
      if (step === undefined) return;
      this.#steps.delete(id);
      await step.run();
    };
  }

  get pending(): number {
    return this.#steps.size;
  }

  /** Runs every remaining step, newest first; a failing step is reported, not fatal. */
  async runAll(report: (line: string) => void): Promise<void> {
    const ids = [...this.#steps.keys()].sort((a, b) => b - a);
    for (const id of ids) {
      const step = this.#steps.get(id);
      this.#steps.delete(id);
      if (step === undefined) continue;
      try {
        await step.run();
      } catch (error) {
        report(`cleanup: ${step.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** Ctrl-C and SIGTERM: undo everything, then exit 130/143. A second signal exits at once. */
export function undoOnSignals(cleanup: Cleanup, report: (line: string) => void): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (stopping) process.exit(code);
    stopping = true;
    report(`\n${signal}: stopping the servers and removing temporary files…`);
    stopChildren();
    void cleanup.runAll(report).finally(() => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
}
