import { describe, expect, it } from 'vitest';
import { Samples } from '../src/metrics';
import { parsePlan } from '../src/plan';
import { fromRecord, toRecord, type RunRecord } from '../src/run-record';

describe('a kept run', () => {
  it('comes back from JSON with the same plan, samples, notes and sections', () => {
    const parsed = parsePlan(['--only', 'churn,hold', '--runs', '2'], {});
    if (parsed.kind !== 'plan') throw new Error('no plan');
    const samples = new Samples();
    samples.add('churn.mbox.c16', 'ours', 300);
    samples.add('churn.mbox.c16', 'ours', 310);
    samples.add('hold.1000', 'dovecot', 604);
    samples.note('hold.1000', 'ours', 'a run failed: port in use');
    samples.errors('churn.mbox.c16', 'dovecot', 4, 'client 2: timeout');
    const machine = {
      cpu: 'x',
      cores: 2,
      memoryGB: 4,
      kernel: 'k',
      node: 'v20',
      dovecot: '2.3',
      load: '1 / 2',
    };
    const record = toRecord(
      parsed.plan,
      new Date('2026-03-02T10:00:00Z'),
      new Date('2026-03-02T10:30:00Z'),
      machine,
      samples,
      { micro: { ok: false, reason: 'not run' } },
    );
    const back = fromRecord(JSON.parse(JSON.stringify(record)) as RunRecord);
    expect(back.plan).toEqual(parsed.plan);
    expect(back.started.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(back.samples.get('churn.mbox.c16', 'ours')).toEqual([300, 310]);
    expect(back.samples.get('hold.1000', 'dovecot')).toEqual([604]);
    expect(back.samples.notes('hold.1000', 'ours')).toEqual(['a run failed: port in use']);
    expect(back.samples.notes('churn.mbox.c16', 'dovecot')).toEqual([
      '4 errors in 1 run (first: client 2: timeout)',
    ]);
    expect(back.extras).toEqual({ micro: { ok: false, reason: 'not run' } });
  });
});
