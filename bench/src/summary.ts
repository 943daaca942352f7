/** Raw samples → table rows: medians, spread, ratio ours/Dovecot, and whether a target holds. */
import {
  FLAT_LARGE,
  FLAT_SMALL,
  FLAT_TARGET,
  SERVERS,
  type Metric,
  type Samples,
  type Server,
  type Target,
} from './metrics';
import { median, range, ratio } from './stats';

export interface Figure {
  readonly median: number | undefined;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly runs: number;
  readonly notes: readonly string[];
  /** Median CPU of the server during the runs, in % of one core, when measured. */
  readonly cpu: number | undefined;
}

export type Verdict = 'met' | 'missed';

export interface Row {
  readonly metric: Metric;
  readonly figures: Readonly<Record<Server, Figure>>;
  readonly ratio: number | undefined;
  readonly verdict: Verdict | undefined;
}

export const cpuId = (id: string) => `${id}.cpu`;

export function figure(samples: Samples, id: string, server: Server): Figure {
  const values = samples.get(id, server);
  const spread = range(values);
  return {
    median: median(values),
    min: spread?.min,
    max: spread?.max,
    runs: values.length,
    notes: samples.notes(id, server),
    cpu: median(samples.get(cpuId(id), server)),
  };
}

export function meets(target: Target, value: number): boolean {
  switch (target.kind) {
    case 'at-least':
      return value >= target.ratio;
    case 'at-most':
      return value <= target.ratio;
    case 'within':
      return value >= target.low && value <= target.high;
  }
}

export function summarise(metrics: readonly Metric[], samples: Samples): Row[] {
  return metrics.map((metric) => {
    const figures = Object.fromEntries(
      SERVERS.map((server) => [server, figure(samples, metric.id, server)]),
    ) as Record<Server, Figure>;
    const r = ratio(figures.ours.median, figures.dovecot.median);
    const verdict =
      metric.target === undefined || r === undefined
        ? undefined
        : meets(metric.target, r)
          ? 'met'
          : 'missed';
    return { metric, figures, ratio: r, verdict };
  });
}

export interface FlatSummary {
  readonly smallBytes: number;
  readonly largeBytes: number;
  readonly small: Figure;
  readonly large: Figure;
  readonly ratio: number | undefined;
  readonly verdict: Verdict | undefined;
}

export function summariseFlat(
  samples: Samples,
  smallBytes: number,
  largeBytes: number,
): FlatSummary | undefined {
  const small = figure(samples, FLAT_SMALL, 'ours');
  const large = figure(samples, FLAT_LARGE, 'ours');
  if (small.runs === 0 && large.runs === 0) return undefined;
  const r = ratio(large.median, small.median);
  return {
    smallBytes,
    largeBytes,
    small,
    large,
    ratio: r,
    verdict: r === undefined ? undefined : meets(FLAT_TARGET, r) ? 'met' : 'missed',
  };
}
