import { describe, expect, it } from 'vitest';
import { Samples, sideBySideMetrics } from '../src/metrics';
import { parsePlan } from '../src/plan';
import { renderReport, table } from '../src/report';
import { summarise } from '../src/summary';
import { targetOutcomes } from '../src/targets';

describe('the Markdown table', () => {
  it('pads every column to its widest cell, so it reads in a terminal too', () => {
    const lines = table(
      ['Name', 'n'],
      [
        ['a', '1000'],
        ['longer name', '2'],
      ],
    );
    expect(lines).toEqual([
      '| Name        | n    |',
      '| ----------- | ---- |',
      '| a           | 1000 |',
      '| longer name | 2    |',
    ]);
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    const [header, , row] = table(['x'], [['≥ 1.5×']]);
    expect(header).toBe('| x      |');
    expect(row).toBe('| ≥ 1.5× |');
  });
});

describe('the report', () => {
  const result = parsePlan(['--only', 'churn', '--runs', '3', '--formats', 'mbox'], {});
  if (result.kind !== 'plan') throw new Error('no plan');
  const plan = result.plan;
  const samples = new Samples();
  for (const [ours, theirs] of [
    [320, 200],
    [300, 210],
    [310, 190],
  ] as const) {
    samples.add('churn.mbox.c16', 'ours', ours);
    samples.add('churn.mbox.c16', 'dovecot', theirs);
  }
  samples.errors('churn.mbox.c16', 'dovecot', 2, 'client 3: timeout');
  const metrics = sideBySideMetrics(plan);
  const rows = summarise(metrics, samples);
  const text = renderReport({
    plan,
    started: new Date('2026-03-02T10:00:00Z'),
    finished: new Date('2026-03-02T10:12:00Z'),
    machine: {
      cpu: 'Test CPU',
      cores: 2,
      memoryGB: 8,
      kernel: '6.1',
      node: 'v20.0.0',
      dovecot: '2.3.19.1',
      load: '0.50 / 0.70',
    },
    metrics,
    rows,
    flat: undefined,
    targets: targetOutcomes(rows, undefined),
    samples,
    micro: { ok: false, reason: 'vitest is missing' },
  });

  it('gives both figures with their range, the ratio and the verdict on one line', () => {
    const line = text.split('\n').find((l) => l.startsWith('| mbox, 16 clients'));
    expect(line).toMatch(/\| 310 \(300–320\) +\| 200 \(190–210\) \[1\] +\| 1\.55× +\| ≥ 1\.5× met/);
  });

  it('explains footnotes, the date, the machine and every run', () => {
    expect(text).toContain(
      '1. mbox, 16 clients, Dovecot: 2 errors in 1 run (first: client 3: timeout)',
    );
    expect(text).toContain('on 2026-03-02 (12 min)');
    expect(text).toContain('Test CPU, 2 cores');
    expect(text).toContain('medians of 3 runs');
    expect(text).toMatch(
      /\| Churn, mbox, 16 clients \(sessions\/s\) +\| 320, 300, 310 +\| 200, 210, 190 +\|/,
    );
    expect(text).toContain('Not measured: vitest is missing');
    expect(text).toMatch(
      /\| Sessions per second ≥ 1\.5× Dovecot at concurrency 16 +\| \*\*met\*\*/,
    );
  });
});
