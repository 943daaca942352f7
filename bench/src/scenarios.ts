/**
 * The measurements themselves. Each runs every server the same way, alternating which goes
 * first from one run to the next so that neither always meets a warmer or busier machine.
 */
import type { BenchServer } from './bench-server';
import {
  bulkId,
  churnId,
  firstLoginId,
  FLAT_LARGE,
  FLAT_SMALL,
  holdId,
  type Samples,
  type Server,
} from './metrics';
import type { MailFormat, Plan } from './plan';
import { bulk, churn, hold, type PoploadResult } from './popload';
import { peakRssKb } from './proc-memory';
import { cpuId } from './summary';

export interface Context {
  readonly popload: string;
  readonly plan: Plan;
  readonly samples: Samples;
  readonly log: (line: string) => void;
}

/** The servers in this run's order: reversed on every other run. */
export function inTurn<T>(servers: readonly T[], turn: number): T[] {
  return turn % 2 === 0 ? [...servers] : [...servers].reverse();
}

const KB_PER_MIB = 1024;

/** Runs one measurement; a failure is noted against it and the run goes on. */
async function attempt(
  ctx: Context,
  id: string,
  server: Server,
  what: string,
  measure: () => Promise<void>,
): Promise<void> {
  try {
    await measure();
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    ctx.samples.note(id, server, `a run failed: ${message}`);
    ctx.log(`  ${what} ${server}: FAILED: ${message}`);
  }
}

function recordCommon(ctx: Context, id: string, server: Server, result: PoploadResult): void {
  ctx.samples.errors(id, server, result.errors, result.first_error);
  if (result.server !== undefined)
    ctx.samples.add(cpuId(id), server, result.server.pct_of_one_core);
  if (result.timed_out) ctx.samples.note(id, server, 'a run hit its time limit');
}

export async function measureChurn(
  ctx: Context,
  servers: readonly BenchServer[],
  format: MailFormat,
): Promise<void> {
  const { plan } = ctx;
  for (let runNo = 0; runNo < plan.runs; runNo++) {
    for (const clients of plan.concurrency) {
      const id = churnId(format, clients);
      for (const server of inTurn(servers, runNo)) {
        const what = `churn ${format} c=${clients} run ${runNo + 1}/${plan.runs}`;
        await attempt(ctx, id, server.name, what, async () => {
          const r = await churn(ctx.popload, server.target, clients, plan.churnSeconds);
          ctx.samples.add(id, server.name, r.sessions_per_s);
          recordCommon(ctx, id, server.name, r);
          ctx.log(
            `  ${what} ${server.name}: ${r.sessions_per_s.toFixed(0)} sessions/s, p50 ${r.latency_ms.p50.toFixed(1)} ms` +
              `${cpuNote(r)}${r.errors ? `, ${r.errors} errors` : ''}`,
          );
        });
      }
    }
  }
}

export async function measureBulk(
  ctx: Context,
  servers: readonly BenchServer[],
  format: MailFormat,
): Promise<void> {
  const { plan } = ctx;
  for (let runNo = 0; runNo < plan.runs; runNo++) {
    for (const depth of plan.depths) {
      const id = bulkId(format, depth);
      for (const server of inTurn(servers, runNo)) {
        const what = `bulk ${format} depth ${depth} run ${runNo + 1}/${plan.runs}`;
        await attempt(ctx, id, server.name, what, async () => {
          const r = await bulk(ctx.popload, server.target, depth);
          if (!r.size_match)
            ctx.samples.note(id, server.name, 'bytes received ≠ STAT’s octet count');
          if (r.messages_retrieved !== r.stat_messages || r.stat_messages === 0) {
            throw new Error(`retrieved ${r.messages_retrieved} of ${r.stat_messages} messages`);
          }
          ctx.samples.add(id, server.name, r.MB_per_s);
          recordCommon(ctx, id, server.name, r);
          ctx.log(`  ${what} ${server.name}: ${r.MB_per_s.toFixed(0)} MB/s${cpuNote(r)}`);
        });
      }
    }
  }
}

/** PASS + first STAT on a mailbox just restored from its fixture (no index kept from before). */
export async function measureFirstLogin(
  ctx: Context,
  servers: readonly BenchServer[],
  format: MailFormat,
): Promise<void> {
  const { plan } = ctx;
  const id = firstLoginId(format);
  for (let runNo = 0; runNo < plan.runs; runNo++) {
    for (const server of inTurn(servers, runNo)) {
      const what = `first login ${format} run ${runNo + 1}/${plan.runs}`;
      await attempt(ctx, id, server.name, what, async () => {
        await server.reset('big');
        const r = await bulk(ctx.popload, server.target, 8);
        const login = r.login_ms[0];
        const stat = r.stat_ms[0];
        if (login === undefined || stat === undefined || r.stat_messages === 0) {
          throw new Error('no login: the mailbox did not open');
        }
        ctx.samples.add(id, server.name, login + stat);
        ctx.samples.add(`${id}.pass`, server.name, login);
        ctx.samples.add(`${id}.stat`, server.name, stat);
        ctx.samples.errors(id, server.name, r.errors, r.first_error);
        ctx.log(
          `  ${what} ${server.name}: PASS ${login.toFixed(0)} ms + STAT ${stat.toFixed(0)} ms`,
        );
      });
    }
  }
}

/** One run of idle sessions against freshly started servers. */
export async function measureHold(ctx: Context, servers: readonly BenchServer[], runNo: number) {
  const { sessions, seconds, runs } = ctx.plan.hold;
  const id = holdId(sessions);
  for (const server of inTurn(servers, runNo)) {
    const what = `${sessions} idle sessions run ${runNo + 1}/${runs}`;
    await attempt(ctx, id, server.name, what, async () => {
      const r = await hold(ctx.popload, server.target, sessions, seconds);
      const held = r.server?.held;
      if (held === undefined) throw new Error('no memory sample while the sessions were held');
      if (r.held < sessions) {
        ctx.samples.note(id, server.name, `only ${r.held} of ${sessions} sessions held in a run`);
      }
      ctx.samples.add(id, server.name, held.pss_kb_total / KB_PER_MIB);
      ctx.samples.add(`${id}.rss`, server.name, held.rss_kb_total / KB_PER_MIB);
      ctx.samples.add(`${id}.processes`, server.name, held.nprocs);
      ctx.samples.errors(id, server.name, r.errors, r.first_error);
      ctx.log(
        `  ${what} ${server.name}: ${r.held} held in ${r.establish_s.toFixed(1)} s, ` +
          `PSS ${(held.pss_kb_total / KB_PER_MIB).toFixed(0)} MiB over ${held.nprocs} process(es)`,
      );
    });
  }
}

/** Our peak memory through one whole session on a mailbox, on a freshly started server. */
export async function measurePeak(
  ctx: Context,
  server: BenchServer,
  size: 'small' | 'large',
  label: string,
): Promise<void> {
  const id = size === 'small' ? FLAT_SMALL : FLAT_LARGE;
  await attempt(ctx, id, 'ours', `peak memory, ${label}`, async () => {
    const r = await bulk(ctx.popload, server.target, 8);
    if (r.messages_retrieved !== r.stat_messages || r.stat_messages === 0) {
      throw new Error(`retrieved ${r.messages_retrieved} of ${r.stat_messages} messages`);
    }
    const peak = await peakRssKb(server.target.pid);
    if (peak === undefined) throw new Error('the server is gone');
    ctx.samples.add(id, 'ours', peak / KB_PER_MIB);
    ctx.log(
      `  peak memory, ${label}: ${(peak / KB_PER_MIB).toFixed(0)} MiB ` +
        `(login ${r.login_ms[0]?.toFixed(0)} ms, ${r.MB_per_s.toFixed(0)} MB/s)`,
    );
  });
}

function cpuNote(r: PoploadResult): string {
  return r.server ? `, server CPU ${r.server.pct_of_one_core.toFixed(0)}%` : '';
}
