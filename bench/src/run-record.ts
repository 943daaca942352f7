/**
 * A run kept as data (bench/results/last-run.json): the plan, the machine, every sample and the
 * extra sections. `--render` turns it into the report again, so the hand-written analysis can
 * be revised without measuring everything anew.
 */
import type { Plan } from './plan';
import type { MachineNotes, MicroFigure, Outcome } from './report';
import { Samples, type SamplesData } from './metrics';

export interface Extras {
  micro?: Outcome<readonly MicroFigure[]>;
  sandbox?: Outcome<readonly string[]>;
  profile?: Outcome<readonly string[]>;
}

export interface RunRecord {
  readonly version: 1;
  readonly plan: Omit<Plan, 'parts'> & { readonly parts: readonly string[] };
  readonly started: string;
  readonly finished: string;
  readonly machine: MachineNotes;
  readonly samples: SamplesData;
  readonly extras: Extras;
}

export function toRecord(
  plan: Plan,
  started: Date,
  finished: Date,
  machine: MachineNotes,
  samples: Samples,
  extras: Extras,
): RunRecord {
  return {
    version: 1,
    plan: { ...plan, parts: [...plan.parts] },
    started: started.toISOString(),
    finished: finished.toISOString(),
    machine,
    samples: samples.toData(),
    extras,
  };
}

export function fromRecord(record: RunRecord): {
  plan: Plan;
  started: Date;
  finished: Date;
  machine: MachineNotes;
  samples: Samples;
  extras: Extras;
} {
  if (record.version !== 1) throw new Error(`unknown run record version ${String(record.version)}`);
  return {
    plan: { ...record.plan, parts: new Set(record.plan.parts) } as Plan,
    started: new Date(record.started),
    finished: new Date(record.finished),
    machine: record.machine,
    samples: Samples.fromData(record.samples),
    extras: record.extras,
  };
}
