/**
 * `npm run bench`: our POP3 server beside Dovecot on this machine, in one run, with the same
 * mailboxes and the same load generator; a table of both figures and their ratios, written to
 * docs/performance.md. Progress goes to stderr, the report to stdout.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { BenchServer } from './bench-server';
import { Cleanup, undoOnSignals } from './cleanup';
import { DOVECOT_INSTALL, dovecotVersion, startDovecot } from './dovecot';
import { generateBig, type BigMailbox } from './fixtures';
import { loadNow, machineNotes } from './machine';
import type { MailSetup } from './mail-setup';
import { sideBySideMetrics, Samples } from './metrics';
import { runMicrobenchmarks } from './microbench';
import { layOutBigOnly, layOutSharedMail, startOurServer } from './our-server';
import { ANALYSIS_NOTES, REPO_ROOT } from './paths';
import { DEFAULT_OUTPUT, parsePlan, RUN_RECORD, USAGE, type Plan } from './plan';
import { buildPopload } from './popload';
import { profileOurServer } from './profiling';
import { run } from './processes';
import { renderReport, type MachineNotes, type Outcome } from './report';
import { fromRecord, toRecord, type Extras, type RunRecord } from './run-record';
import { findMeasureScript, sandboxFigures } from './sandbox';
import {
  measureBulk,
  measureChurn,
  measureFirstLogin,
  measureHold,
  measurePeak,
  type Context,
} from './scenarios';
import { makeScratch, type Scratch } from './scratch';
import { summarise, summariseFlat } from './summary';
import { sizeText, targetOutcomes } from './targets';

const log = (line: string) => process.stderr.write(`${line}\n`);

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parsePlan(argv, process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    log(`bench: ${parsed.message} (see --help)`);
    return 2;
  }
  if (parsed.kind === 'render') return render(parsed.record, parsed.output);
  const plan = parsed.plan;
  const started = new Date();
  const loadAtStart = loadNow();

  const dovecot = await dovecotVersion();
  const needsDovecot = (['churn', 'bulk', 'first-login', 'hold'] as const).some((p) =>
    plan.parts.has(p),
  );
  if (needsDovecot && dovecot === undefined) {
    log(
      'bench: Dovecot’s POP3 server (Debian package dovecot-pop3d) is not installed. Install it with:',
    );
    log(`  ${DOVECOT_INSTALL}`);
    return 1;
  }
  for (const [tool, args] of [
    ['python3', ['--version']],
    [process.env.CC ?? 'gcc', ['--version']],
  ] as const) {
    const found = await run(tool, args, { timeoutMs: 10_000 }).catch(() => undefined);
    if (found?.code !== 0) {
      log(
        `bench: ${tool} is needed (apt-get install -y ${tool === 'python3' ? 'python3' : 'gcc'})`,
      );
      return 1;
    }
  }

  const cleanup = new Cleanup();
  undoOnSignals(cleanup, log);
  const samples = new Samples();
  let extras: Extras;
  try {
    extras = await measureAll(plan, cleanup, samples);
  } catch (error) {
    log(`bench: ${error instanceof Error ? error.message : String(error)}`);
    await cleanup.runAll(log);
    return 1;
  }
  await cleanup.runAll(log);

  const machine = machineNotes(dovecot ?? 'not installed', loadAtStart);
  const finished = new Date();
  const report = await buildReport(plan, started, finished, machine, samples, extras);
  process.stdout.write(`\n${report}`);
  if (plan.output !== undefined) {
    await writeRepoFile(plan.output, report);
    const record = toRecord(plan, started, finished, machine, samples, extras);
    const recordFile = recordFor(plan.output);
    await writeRepoFile(recordFile, await asPrettierJson(recordFile, record));
    log(`\nbench: report written to ${plan.output}, raw figures to ${recordFile}`);
  }
  return 0;
}

/** `--render`: the report of a kept run, with the analysis notes as they are now. */
async function render(recordFile: string, output: string): Promise<number> {
  const text = await readFile(repoPath(recordFile), 'utf8').catch(() => undefined);
  if (text === undefined) {
    log(`bench: no kept run at ${recordFile} (a full run writes one)`);
    return 1;
  }
  const run = fromRecord(JSON.parse(text) as RunRecord);
  const report = await buildReport(
    run.plan,
    run.started,
    run.finished,
    run.machine,
    run.samples,
    run.extras,
  );
  await writeRepoFile(output, report);
  log(`bench: report of the run of ${run.started.toISOString()} written to ${output}`);
  return 0;
}

async function buildReport(
  plan: Plan,
  started: Date,
  finished: Date,
  machine: MachineNotes,
  samples: Samples,
  extras: Extras,
): Promise<string> {
  const metrics = sideBySideMetrics(plan);
  const rows = summarise(metrics, samples);
  const flat = plan.parts.has('flat')
    ? summariseFlat(
        samples,
        plan.flat.smallMessages * plan.flat.averageSize,
        plan.flat.largeMessages * plan.flat.averageSize,
      )
    : undefined;
  const analysis = await readFile(ANALYSIS_NOTES, 'utf8').catch(() => undefined);
  return renderReport({
    plan,
    started,
    finished,
    machine,
    metrics,
    rows,
    flat,
    targets: targetOutcomes(rows, flat),
    samples,
    ...extras,
    ...(analysis !== undefined && !plan.quick && { analysis }),
  });
}

/** JSON laid out as the repository's formatter wants it, so its check passes on the file. */
async function asPrettierJson(path: string, value: unknown): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(repoPath(path))) ?? {};
  return prettier.format(JSON.stringify(value), { ...options, parser: 'json' });
}

/** The docs' report keeps its figures in bench/results; any other report beside itself. */
function recordFor(output: string): string {
  return output === DEFAULT_OUTPUT ? RUN_RECORD : `${output.replace(/\.md$/, '')}.json`;
}

function repoPath(path: string): string {
  return isAbsolute(path) ? path : join(REPO_ROOT, path);
}

async function writeRepoFile(path: string, text: string): Promise<void> {
  const full = repoPath(path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, text);
}

async function measureAll(plan: Plan, cleanup: Cleanup, samples: Samples): Promise<Extras> {
  const scratch = await makeScratch(cleanup);
  log(`bench: scratch directory ${scratch.root}`);
  const popload = await buildPopload();
  const ctx: Context = { popload, plan, samples, log };
  const extras: Extras = {};

  const sideBySide = (['churn', 'bulk', 'first-login'] as const).some((p) => plan.parts.has(p));
  let big: BigMailbox | undefined;
  if (sideBySide || plan.profile) {
    log(`bench: generating the bulk mailbox (${plan.big.messages} messages)…`);
    big = await generateBig(
      await scratch.dir('fixtures'),
      plan.big.messages,
      plan.big.averageSize,
      plan.formats.includes('maildir') || plan.profile,
    );
  }
  const loadUsers = Math.max(100, ...plan.concurrency);

  if (sideBySide) {
    for (const format of plan.formats) {
      log(`bench: ${format}: starting both servers…`);
      const setup: MailSetup = { format, loadUsers, big };
      const servers = await startBoth(scratch, cleanup, setup, plan, 500);
      try {
        if (plan.parts.has('churn')) await measureChurn(ctx, servers, format);
        if (plan.parts.has('first-login')) await measureFirstLogin(ctx, servers, format);
        if (plan.parts.has('bulk')) await measureBulk(ctx, servers, format);
      } finally {
        for (const server of servers) await server.stop();
      }
    }
  }

  if (plan.parts.has('hold')) {
    const { sessions, runs } = plan.hold;
    log(`bench: ${sessions} idle sessions, on freshly started servers…`);
    const setup: MailSetup = { format: 'mbox', loadUsers: sessions, big: undefined };
    const ourMail = await layOutSharedMail(scratch, setup);
    for (let runNo = 0; runNo < runs; runNo++) {
      const servers = [
        await startOurServer(scratch, cleanup, ourMail, { maxConnections: sessions + 100 }),
        await startDovecot(scratch, cleanup, setup, plan.dovecotLogin),
      ];
      try {
        await measureHold(ctx, servers, runNo);
      } finally {
        for (const server of servers) await server.stop();
      }
    }
  }

  if (plan.parts.has('flat')) await measureFlat(ctx, scratch, cleanup);

  if (plan.profile && big !== undefined) {
    log('bench: profiling our server…');
    const mail = {
      mbox: await layOutSharedMail(scratch, { format: 'mbox', loadUsers, big }),
      maildir: await layOutSharedMail(scratch, { format: 'maildir', loadUsers, big }),
    };
    extras.profile = await outcome(() =>
      profileOurServer(scratch, cleanup, mail, popload, plan, log),
    );
  }

  if (plan.parts.has('micro')) {
    log('bench: engine microbenchmarks (vitest bench)…');
    extras.micro = await outcome(() => runMicrobenchmarks(scratch.root));
  }

  if (plan.parts.has('sandbox')) {
    const script = await findMeasureScript();
    extras.sandbox =
      script === undefined
        ? { ok: false, reason: 'apps/sandbox/scripts/measure.* does not exist yet' }
        : await outcome(() => sandboxFigures(script));
  }
  return extras;
}

async function startBoth(
  scratch: Scratch,
  cleanup: Cleanup,
  setup: MailSetup,
  plan: Plan,
  maxConnections: number,
): Promise<BenchServer[]> {
  const ours = await startOurServer(scratch, cleanup, await layOutSharedMail(scratch, setup), {
    maxConnections,
  });
  try {
    return [ours, await startDovecot(scratch, cleanup, setup, plan.dovecotLogin)];
  } catch (error) {
    await ours.stop();
    throw error;
  }
}

/** Our peak memory on a small and a large mbox, each on freshly started servers. */
async function measureFlat(ctx: Context, scratch: Scratch, cleanup: Cleanup): Promise<void> {
  const { flat } = ctx.plan;
  for (const [size, messages] of [
    ['small', flat.smallMessages],
    ['large', flat.largeMessages],
  ] as const) {
    const label = `${sizeText(messages * flat.averageSize)} mbox`;
    log(`bench: our memory with a ${label}: generating it…`);
    const dir = await scratch.dir('flat');
    const mailbox = await generateBig(dir, messages, flat.averageSize, false);
    const mail = await layOutBigOnly(scratch, mailbox.mbox);
    for (let runNo = 0; runNo < flat.runs; runNo++) {
      const server = await startOurServer(scratch, cleanup, mail, { maxConnections: 10 });
      try {
        await measurePeak(ctx, server, size, label);
      } finally {
        await server.stop();
      }
    }
    await rm(dir, { recursive: true, force: true });
    await rm(mail.dir, { recursive: true, force: true });
  }
}

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    log(`  failed: ${reason}`);
    return { ok: false, reason };
  }
}
