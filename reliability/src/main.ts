/**
 * `npm run reliability [-- SUITE… [--quick] [--kills N] …]`: runs the long harnesses, saves
 * their figures in reliability/results/, and regenerates docs/reliability.md from all saved
 * figures. With no suite named, runs them all. `--report` only regenerates the page.
 *
 * Suites: fuzz, crash-points, crash, concurrency, abuse, load. `--quick` runs each at a small
 * scale (a smoke test of the harness itself; its figures are not saved).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderReport } from './report';
import { loadResults, ROOT, saveResult, type SuiteResult } from './results';

export const SUITES = ['fuzz', 'crash-points', 'crash', 'concurrency', 'abuse', 'load'] as const;
type Suite = (typeof SUITES)[number];

interface Args {
  suites: Suite[];
  quick: boolean;
  reportOnly: boolean;
  numbers: Map<string, number>;
}

function parse(argv: readonly string[]): Args {
  const args: Args = { suites: [], quick: false, reportOnly: false, numbers: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') args.quick = true;
    else if (arg === '--report') args.reportOnly = true;
    else if (arg.startsWith('--')) {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value)) throw new Error(`${arg} needs a number`);
      args.numbers.set(arg.slice(2), value);
    } else if ((SUITES as readonly string[]).includes(arg)) args.suites.push(arg as Suite);
    else throw new Error(`unknown suite "${arg}" (suites: ${SUITES.join(', ')})`);
  }
  if (args.suites.length === 0 && !args.reportOnly) args.suites = [...SUITES];
  return args;
}

async function runSuite(suite: Suite, args: Args): Promise<SuiteResult> {
  const n = (name: string, full: number, quick: number) =>
    args.numbers.get(name) ?? (args.quick ? quick : full);
  const seed = n('seed', 20_260_302, 20_260_302);
  switch (suite) {
    case 'fuzz': {
      const { runFuzz } = await import('./suites/fuzz');
      return runFuzz({ count: n('count', 1_000_000, 2_000), workers: n('workers', 2, 2), seed });
    }
    case 'crash-points': {
      const { runCrashPoints } = await import('./suites/crash-points');
      return runCrashPoints();
    }
    case 'crash': {
      const { runCrash } = await import('./suites/crash');
      return runCrash({ kills: n('kills', 1_000, 12), formats: ['mbox', 'maildir'], seed });
    }
    case 'concurrency': {
      const { runConcurrency } = await import('./suites/concurrency');
      return runConcurrency({ deliveries: n('deliveries', 2_000, 100), seed });
    }
    case 'abuse': {
      const { runAbuse } = await import('./suites/abuse');
      return runAbuse({
        failedLogins: n('failed-logins', 10_000, 300),
        lineMegabytes: n('line-mb', 100, 10),
        quick: args.quick,
      });
    }
    case 'load': {
      const { runLoad } = await import('./suites/load');
      return runLoad({
        concurrent: n('concurrent', 1_000, 50),
        sequential: n('sequential', 100_000, 500),
      });
    }
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: Args;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`reliability: ${(error as Error).message}\n`);
    return 2;
  }
  let failed = 0;
  for (const suite of args.suites) {
    process.stderr.write(`[${suite}] starting${args.quick ? ' (quick)' : ''}\n`);
    let result: SuiteResult;
    try {
      result = await runSuite(suite, args);
    } catch (error) {
      // A harness that breaks is a failure to report, not a reason to skip the others.
      process.stderr.write(`[${suite}] FAIL the harness stopped: ${(error as Error).stack}\n`);
      failed++;
      continue;
    }
    for (const check of result.checks) {
      process.stderr.write(
        `[${suite}] ${check.ok ? 'ok  ' : 'FAIL'} ${check.claim}: ${check.figure}\n`,
      );
      if (!check.ok) failed++;
    }
    if (!args.quick)
      process.stderr.write(`[${suite}] figures saved in ${await saveResult(result)}\n`);
  }
  if (!args.quick) {
    const page = join(ROOT, 'docs', 'reliability.md');
    await writeFile(page, renderReport(await loadResults()));
    process.stderr.write(`docs/reliability.md regenerated\n`);
  }
  process.stderr.write(failed === 0 ? 'all checks hold\n' : `${failed} check(s) failed\n`);
  return failed === 0 ? 0 : 1;
}
