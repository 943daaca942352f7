import { describe, expect, it } from 'vitest';
import { WORKLOADS } from '../../packages/pop3-core/bench/workloads';
import { hotSpots, shareByArea, type CpuProfile } from '../src/cpu-profile';
import { microFigures } from '../src/microbench';
import { parsePoploadOutput } from '../src/popload';
import { describeOutput } from '../src/sandbox';
import { inTurn } from '../src/scenarios';

describe("popload's output", () => {
  const churn = {
    mode: 'churn',
    sessions: 10,
    sessions_per_s: 5,
    latency_ms: { p50: 1, p90: 2, p99: 3 },
    errors: 0,
    timed_out: false,
    elapsed_s: 2,
  };

  it('is the last JSON line, whatever came before it', () => {
    const result = parsePoploadOutput(`warming up\n${JSON.stringify(churn)}\n`);
    expect(result.mode).toBe('churn');
    if (result.mode === 'churn') expect(result.sessions_per_s).toBe(5);
  });

  it('must carry the fields of its mode', () => {
    expect(() => parsePoploadOutput('')).toThrow(/no result/);
    expect(() => parsePoploadOutput('{"mode":"soak"}')).toThrow(/no known mode/);
    const { sessions_per_s: _, ...partial } = churn;
    expect(() => parsePoploadOutput(JSON.stringify(partial))).toThrow(/lacks "sessions_per_s"/);
    expect(() => parsePoploadOutput(JSON.stringify({ ...churn, mode: 'bulk' }))).toThrow(
      /bulk result lacks/,
    );
  });
});

describe('microbenchmark figures', () => {
  it('turn the median iteration time into units of work per second', () => {
    const index = WORKLOADS.mboxIndex;
    const churn = WORKLOADS.churnSession;
    const json = {
      files: [
        {
          groups: [
            {
              benchmarks: [
                { name: churn.name, hz: 1000, median: 0.5, rme: 3, sampleCount: 900 },
                { name: index.name, hz: 10, median: 100, rme: 5, sampleCount: 20 },
                { name: 'something else', hz: 1, median: 1, rme: 1, sampleCount: 1 },
              ],
            },
          ],
        },
      ],
    };
    const [c, i, ...rest] = microFigures(json, [churn, index]);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ unit: 'commands/s', rate: 9 * 2000, meanRate: 9 * 1000 });
    expect(i!.unit).toBe('MB/s');
    expect(i!.rate).toBeCloseTo(index.perIteration() * 10, 6);
    expect(index.perIteration()).toBeGreaterThan(9);
  });
});

describe('a CPU profile', () => {
  const root = '/repo';
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
      {
        id: 2,
        callFrame: {
          functionName: 'parse',
          url: 'file:///repo/packages/pop3-core/src/a.ts',
          lineNumber: 9,
        },
      },
      { id: 3, callFrame: { functionName: 'write', url: 'node:net', lineNumber: 99 } },
      {
        id: 4,
        callFrame: {
          functionName: 'parse',
          url: 'file:///repo/packages/pop3-core/src/a.ts',
          lineNumber: 9,
        },
      },
      { id: 5, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
    ],
    startTime: 1000,
    samples: [2, 3, 4, 2, 5],
    timeDeltas: [1000, 2000, 1000, 1000, 5000],
  };

  it('adds up self time per function, wherever it was called from', () => {
    const spots = hotSpots(profile, root);
    expect(spots[0]).toMatchObject({ name: '(garbage collector)', selfMs: 5, share: 0.5 });
    expect(spots[1]).toMatchObject({
      name: 'parse',
      where: 'packages/pop3-core/src/a.ts',
      selfMs: 3,
    });
    expect(spots[2]).toMatchObject({ name: 'write', where: 'node:net:100', selfMs: 2 });
  });

  it('can leave out what happened before and after the load', () => {
    // Samples end at 2000, 4000, 5000, 6000 and 11000 µs.
    const spots = hotSpots(profile, root, 15, { from: 3000, to: 6000 });
    expect(spots.map((s) => [s.name, s.selfMs])).toEqual([
      ['write', 2],
      ['parse', 2],
    ]);
  });

  it('shares time out by area', () => {
    const areas = shareByArea(profile, root);
    expect(areas.get('(garbage collector)')).toBe(0.5);
    expect(areas.get('packages/pop3-core')).toBe(0.3);
    expect(areas.get('node: internals')).toBe(0.2);
  });
});

describe('fairness and quoting', () => {
  it('alternates which server goes first', () => {
    expect(inTurn(['ours', 'dovecot'], 0)).toEqual(['ours', 'dovecot']);
    expect(inTurn(['ours', 'dovecot'], 1)).toEqual(['dovecot', 'ours']);
    expect(inTurn(['ours', 'dovecot'], 2)).toEqual(['ours', 'dovecot']);
  });

  it("lists a measuring script's JSON, and quotes anything else as printed", () => {
    expect(
      describeOutput(
        'building…\n{"initialJsGzipBytes":184320,"promptReadyMs":42,"runs":[1],"files":["a","b","c","d"]}\n',
      ),
    ).toEqual([
      '- initialJsGzipBytes: 184,320 (180.0 KiB)',
      '- promptReadyMs: 42 ms',
      '- runs: [1]',
      '- files: 4 files',
    ]);
    expect(describeOutput('size 180 kB\n')).toEqual(['```', 'size 180 kB', '```']);
  });
});
