/**
 * The engine microbenchmarks (vitest bench in packages/pop3-core/bench), run and read back:
 * iterations per second become commands/s or MB/s through the workloads' own accounting.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKLOADS, type Workload } from '../../packages/pop3-core/bench/workloads';
import { CORE_DIR } from './paths';
import { runChecked } from './processes';
import type { MicroFigure } from './report';

interface BenchJson {
  files: { groups: { benchmarks: BenchEntry[] }[] }[];
}

interface BenchEntry {
  name: string;
  hz: number;
  median: number;
  rme: number;
  sampleCount: number;
}

/** vitest's JSON report → figures, in the order of WORKLOADS. */
export function microFigures(json: BenchJson, workloads: readonly Workload[]): MicroFigure[] {
  const entries = json.files.flatMap((file) => file.groups.flatMap((group) => group.benchmarks));
  return workloads.flatMap((workload) => {
    const entry = entries.find((e) => e.name === workload.name);
    if (entry === undefined) return [];
    const per = workload.perIteration();
    return [
      {
        name: workload.name,
        unit: workload.unit,
        rate: entry.median > 0 ? (per * 1000) / entry.median : 0,
        meanRate: per * entry.hz,
        rme: entry.rme,
        samples: entry.sampleCount,
      },
    ];
  });
}

export async function runMicrobenchmarks(scratchDir: string): Promise<MicroFigure[]> {
  const output = join(scratchDir, 'micro.json');
  await runChecked(
    'npx',
    [
      'vitest',
      'bench',
      '--run',
      '--config',
      'bench/vitest.bench.config.ts',
      '--outputJson',
      output,
    ],
    { cwd: CORE_DIR, timeoutMs: 300_000 },
  );
  const json = JSON.parse(await readFile(output, 'utf8')) as BenchJson;
  const figures = microFigures(json, Object.values(WORKLOADS));
  if (figures.length === 0) throw new Error('vitest bench reported none of the known benchmarks');
  return figures;
}
