import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTPUT, parsePlan, PARTS, type Plan } from '../src/plan';

function plan(argv: string[], env: Record<string, string> = {}): Plan {
  const result = parsePlan(argv, env);
  if (result.kind !== 'plan') throw new Error(`expected a plan, got ${JSON.stringify(result)}`);
  return result.plan;
}

describe('the run plan', () => {
  it('measures everything the targets name by default, and writes the report', () => {
    const p = plan([]);
    expect(p.quick).toBe(false);
    expect(p.concurrency).toEqual([1, 16, 64]);
    expect(p.formats).toEqual(['mbox', 'maildir']);
    expect(p.big.messages * p.big.averageSize).toBe(100_000_000);
    expect(p.hold.sessions).toBe(1000);
    expect(p.flat.smallMessages * p.flat.averageSize).toBe(10_000_000);
    expect(p.flat.largeMessages * p.flat.averageSize).toBe(1_000_000_000);
    expect([...p.parts]).toEqual(PARTS);
    expect(p.runs).toBeGreaterThan(2);
    expect(p.output).toBe(DEFAULT_OUTPUT);
  });

  it('a quick run is shorter, smaller, and writes nothing unless told', () => {
    const full = plan([]);
    for (const quick of [plan(['--quick']), plan([], { BENCH_QUICK: '1' })]) {
      expect(quick.quick).toBe(true);
      expect(quick.runs).toBeLessThan(full.runs);
      expect(quick.churnSeconds).toBeLessThan(full.churnSeconds);
      expect(quick.big.messages).toBeLessThan(full.big.messages);
      expect(quick.flat.largeMessages).toBeLessThan(full.flat.largeMessages);
      expect(quick.output).toBeUndefined();
    }
    expect(plan(['--quick', '--out', 'x.md']).output).toBe('x.md');
  });

  it('takes durations and parts from options before the environment', () => {
    const env = { BENCH_RUNS: '3', BENCH_CHURN_SECONDS: '4', BENCH_ONLY: 'hold' };
    expect(plan([], env)).toMatchObject({ runs: 3, churnSeconds: 4 });
    expect([...plan([], env).parts]).toEqual(['hold']);
    const p = plan(['--runs', '2', '--seconds', '9', '--only', 'churn,bulk'], env);
    expect(p).toMatchObject({ runs: 2, churnSeconds: 9 });
    expect([...p.parts]).toEqual(['churn', 'bulk']);
    expect(plan(['--no-write']).output).toBeUndefined();
    // a partial run does not replace the full report in the docs
    expect(p.output).toBeUndefined();
    expect(plan(['--only', 'bulk', '--out', 'b.md']).output).toBe('b.md');
    expect(plan(['--formats', 'maildir']).formats).toEqual(['maildir']);
    expect(plan(['--dovecot-login', 'performance']).dovecotLogin).toBe('performance');
  });

  it('refuses what it does not understand, saying what', () => {
    const cases: [string[], RegExp][] = [
      [['--runs', '0'], /runs: 0 is not between 1/],
      [['--runs', 'two'], /not a whole number/],
      [['--only', 'speed'], /"speed" is not one of/],
      [['--formats', 'mh'], /"mh" is not one of mbox, maildir/],
      [['--seconds'], /--seconds needs a value/],
      [['--dovecot-login', 'fast'], /default or performance/],
      [['--fast'], /unknown option --fast/],
    ];
    for (const [argv, message] of cases) {
      const result = parsePlan(argv, {});
      expect(result.kind).toBe('error');
      if (result.kind === 'error') expect(result.message).toMatch(message);
    }
    expect(parsePlan(['--help'], {}).kind).toBe('help');
  });
});

describe('rendering a kept run', () => {
  it('measures nothing and writes the report, by default from the last run', () => {
    expect(parsePlan(['--render'], {})).toEqual({
      kind: 'render',
      record: 'bench/results/last-run.json',
      output: DEFAULT_OUTPUT,
    });
    expect(parsePlan(['--render', 'old.json', '--out', '/tmp/p.md'], {})).toEqual({
      kind: 'render',
      record: 'old.json',
      output: '/tmp/p.md',
    });
  });
});
