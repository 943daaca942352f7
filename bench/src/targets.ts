/** The product's performance targets, each judged from the rows that measure it. */
import { FLAT_TARGET, type Target } from './metrics';
import type { FlatSummary, Row } from './summary';

export interface TargetOutcome {
  readonly goal: string;
  readonly status: 'met' | 'missed' | 'not measured';
  /** The figures it was judged on, e.g. "mbox 1.62×, maildir 1.41×". */
  readonly evidence: string;
}

interface Goal {
  readonly goal: string;
  readonly rows: (row: Row) => boolean;
}

const GOALS: readonly Goal[] = [
  {
    goal: 'Sessions per second ≥ 1.5× Dovecot at concurrency 16',
    rows: (row) => /^churn\.[a-z]+\.c16$/.test(row.metric.id),
  },
  { goal: 'Bulk RETR ≥ 1.0× Dovecot’s MB/s', rows: (row) => row.metric.id.startsWith('bulk.') },
  {
    goal: '1,000 idle sessions in no more memory than Dovecot’s processes together',
    rows: (row) => row.metric.id.startsWith('hold.'),
  },
  {
    goal: 'First login on the 100 MB mbox no slower than Dovecot’s',
    rows: (row) => row.metric.id === 'first-login.mbox',
  },
];

export function targetOutcomes(
  rows: readonly Row[],
  flat: FlatSummary | undefined,
): TargetOutcome[] {
  const outcomes = GOALS.map(({ goal, rows: selects }) => {
    const judged = rows.filter((row) => selects(row) && row.verdict !== undefined);
    if (judged.length === 0) return { goal, status: 'not measured' as const, evidence: '' };
    const missed = judged.some((row) => row.verdict === 'missed');
    const evidence = judged
      .map(
        (row) =>
          `${row.metric.label}: ${formatRatio(row.ratio)} (${targetText(row.metric.target)})`,
      )
      .join('; ');
    return { goal, status: missed ? ('missed' as const) : ('met' as const), evidence };
  });
  const flatGoal = 'Our memory flat (±20%) between a 10 MB and a 1 GB mbox';
  if (flat?.verdict === undefined) {
    outcomes.push({ goal: flatGoal, status: 'not measured', evidence: '' });
  } else {
    outcomes.push({
      goal: flatGoal,
      status: flat.verdict,
      evidence: `peak RSS ${mb(flat.large.median)} MiB with the ${sizeText(flat.largeBytes)} mbox, ${mb(flat.small.median)} MiB with the ${sizeText(flat.smallBytes)} one: ${formatRatio(flat.ratio)} (${targetText(FLAT_TARGET)})`,
    });
  }
  return outcomes;
}

export function formatRatio(value: number | undefined): string {
  if (value === undefined) return '–';
  return `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`;
}

export function targetText(target: Target | undefined): string {
  if (target === undefined) return '';
  switch (target.kind) {
    case 'at-least':
      return `≥ ${target.ratio}×`;
    case 'at-most':
      return `≤ ${target.ratio}×`;
    case 'within':
      return `${target.low}–${target.high}×`;
  }
}

function mb(value: number | undefined): string {
  return value === undefined ? '–' : value.toFixed(0);
}

export function sizeText(bytes: number): string {
  return bytes >= 1e9 ? `${+(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;
}
