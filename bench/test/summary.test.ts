import { describe, expect, it } from 'vitest';
import { FLAT_LARGE, FLAT_SMALL, Samples, sideBySideMetrics } from '../src/metrics';
import { parsePlan, type Plan } from '../src/plan';
import { median, ratio } from '../src/stats';
import { cpuId, summarise, summariseFlat } from '../src/summary';
import { targetOutcomes } from '../src/targets';

const plan = (() => {
  const result = parsePlan([], {});
  if (result.kind !== 'plan') throw new Error('no plan');
  return result.plan;
})() satisfies Plan;

describe('medians and ratios', () => {
  it('takes the middle run, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7, Number.NaN])).toBe(7);
    expect(median([])).toBeUndefined();
  });

  it('is ours over Dovecot, and undefined without both', () => {
    expect(ratio(150, 100)).toBe(1.5);
    expect(ratio(undefined, 100)).toBeUndefined();
    expect(ratio(3, 0)).toBeUndefined();
  });
});

describe('rows and targets', () => {
  function samplesWith(values: Record<string, [number[], number[]]>): Samples {
    const samples = new Samples();
    for (const [id, [ours, dovecot]] of Object.entries(values)) {
      for (const v of ours) samples.add(id, 'ours', v);
      for (const v of dovecot) samples.add(id, 'dovecot', v);
    }
    return samples;
  }

  it('judges churn at 16 clients against 1.5× and other churn rows not at all', () => {
    const samples = samplesWith({
      'churn.mbox.c16': [
        [300, 310, 290],
        [200, 190, 210],
      ],
      'churn.mbox.c1': [
        [10, 10, 10],
        [100, 100, 100],
      ],
    });
    const rows = summarise(sideBySideMetrics(plan), samples);
    const c16 = rows.find((r) => r.metric.id === 'churn.mbox.c16')!;
    expect(c16.figures.ours.median).toBe(300);
    expect(c16.figures.dovecot.median).toBe(200);
    expect(c16.ratio).toBe(1.5);
    expect(c16.verdict).toBe('met');
    expect(rows.find((r) => r.metric.id === 'churn.mbox.c1')!.verdict).toBeUndefined();
    const outcome = targetOutcomes(rows, undefined)[0]!;
    expect(outcome.status).toBe('met');
    expect(outcome.evidence).toContain('1.50×');
  });

  it('misses a target when any row that measures it misses', () => {
    const samples = samplesWith({
      'bulk.mbox.d1': [[120], [100]],
      'bulk.maildir.d8': [[90], [100]],
    });
    const outcome = targetOutcomes(summarise(sideBySideMetrics(plan), samples), undefined)[1]!;
    expect(outcome.goal).toMatch(/Bulk RETR/);
    expect(outcome.status).toBe('missed');
  });

  it('counts lower as better for time and memory', () => {
    const samples = samplesWith({
      'first-login.mbox': [[900], [1000]],
      'hold.1000': [[700], [600]],
    });
    const rows = summarise(sideBySideMetrics(plan), samples);
    expect(rows.find((r) => r.metric.id === 'first-login.mbox')!.verdict).toBe('met');
    expect(rows.find((r) => r.metric.id === 'hold.1000')!.verdict).toBe('missed');
    // Maildir first login is shown, but no target names it.
    expect(rows.find((r) => r.metric.id === 'first-login.maildir')!.metric.target).toBeUndefined();
  });

  it('says "not measured" rather than guessing', () => {
    const outcomes = targetOutcomes(summarise(sideBySideMetrics(plan), new Samples()), undefined);
    expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill('not measured'));
  });

  it('keeps CPU figures and error counts beside the values', () => {
    const samples = samplesWith({
      'churn.maildir.c64': [
        [100, 200],
        [50, 60],
      ],
    });
    samples.add(cpuId('churn.maildir.c64'), 'ours', 99);
    samples.errors('churn.maildir.c64', 'ours', 3, 'client 1: auth: -ERR');
    samples.errors('churn.maildir.c64', 'ours', 2, 'client 5: closed');
    samples.errors('churn.maildir.c64', 'ours', 0, 'none');
    const row = summarise(sideBySideMetrics(plan), samples).find(
      (r) => r.metric.id === 'churn.maildir.c64',
    )!;
    expect(row.figures.ours).toMatchObject({ median: 150, min: 100, max: 200, runs: 2, cpu: 99 });
    expect(row.figures.ours.notes).toEqual(['5 errors in 2 runs (first: client 1: auth: -ERR)']);
    expect(row.figures.dovecot.notes).toEqual([]);
  });

  it('calls memory flat within ±20% between the small and the large mailbox', () => {
    const samples = new Samples();
    samples.add(FLAT_SMALL, 'ours', 100);
    samples.add(FLAT_LARGE, 'ours', 119);
    expect(summariseFlat(samples, 1e7, 1e9)).toMatchObject({ verdict: 'met' });
    samples.add(FLAT_LARGE, 'ours', 130);
    samples.add(FLAT_LARGE, 'ours', 131);
    const flat = summariseFlat(samples, 1e7, 1e9)!;
    expect(flat.verdict).toBe('missed');
    expect(targetOutcomes([], flat).at(-1)).toMatchObject({ status: 'missed' });
    expect(summariseFlat(new Samples(), 1e7, 1e9)).toBeUndefined();
  });
});
