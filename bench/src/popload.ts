/**
 * The shared load generator, load/popload.c: built on first use (gcc), run once per
 * measurement, its one JSON line parsed and checked into typed results.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { POPLOAD_BINARY, POPLOAD_SOURCE } from './paths';
import { runChecked } from './processes';

/** The server popload talks to, and whose CPU and memory it samples. */
export interface LoadTarget {
  readonly port: number;
  readonly pid: number;
  /** Count the pid's descendants too (Dovecot forks a process per session). */
  readonly children: boolean;
}

export interface ServerSample {
  readonly cpu_s: number;
  readonly pct_of_one_core: number;
  readonly before: MemorySample;
  readonly after?: MemorySample;
  readonly held?: MemorySample;
}

export interface MemorySample {
  readonly nprocs: number;
  readonly rss_kb_pid: number;
  readonly rss_kb_total: number;
  readonly pss_kb_total: number;
}

interface Common {
  readonly errors: number;
  readonly first_error: string;
  readonly timed_out: boolean;
  readonly elapsed_s: number;
  readonly loadgen_cpu: { readonly pct_of_one_core: number };
  readonly server?: ServerSample;
}

export interface ChurnResult extends Common {
  readonly mode: 'churn';
  readonly sessions: number;
  readonly sessions_per_s: number;
  readonly latency_ms: { readonly p50: number; readonly p90: number; readonly p99: number };
}

export interface BulkResult extends Common {
  readonly mode: 'bulk';
  readonly stat_messages: number;
  readonly stat_octets: number;
  readonly messages_retrieved: number;
  readonly size_match: boolean;
  readonly MB_per_s: number;
  readonly login_ms: readonly number[];
  readonly stat_ms: readonly number[];
}

export interface HoldResult extends Common {
  readonly mode: 'hold';
  readonly requested: number;
  readonly held: number;
  readonly verified_noop: number;
  readonly failed: number;
  readonly establish_s: number;
}

export type PoploadResult = ChurnResult | BulkResult | HoldResult;

const REQUIRED: Record<PoploadResult['mode'], readonly string[]> = {
  churn: ['sessions', 'sessions_per_s', 'latency_ms'],
  bulk: ['stat_messages', 'messages_retrieved', 'size_match', 'MB_per_s', 'login_ms', 'stat_ms'],
  hold: ['requested', 'held', 'verified_noop', 'failed', 'establish_s'],
};

/** The last JSON line popload printed, checked for the fields its mode must have. */
export function parsePoploadOutput(stdout: string): PoploadResult {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error('popload printed no result');
  const value = JSON.parse(line) as Record<string, unknown>;
  const mode = value.mode;
  if (mode !== 'churn' && mode !== 'bulk' && mode !== 'hold') {
    throw new Error(`popload result has no known mode: ${line.slice(0, 80)}`);
  }
  for (const field of ['errors', 'timed_out', 'elapsed_s', ...REQUIRED[mode]]) {
    if (!(field in value)) throw new Error(`popload ${mode} result lacks "${field}"`);
  }
  return value as unknown as PoploadResult;
}

/** Compiles popload when the binary is missing or older than its source. */
export async function buildPopload(): Promise<string> {
  const source = await stat(POPLOAD_SOURCE);
  const binary = await stat(POPLOAD_BINARY).catch(() => undefined);
  if (binary !== undefined && binary.mtimeMs >= source.mtimeMs) return POPLOAD_BINARY;
  await mkdir(dirname(POPLOAD_BINARY), { recursive: true });
  await runChecked(
    process.env.CC ?? 'gcc',
    [
      '-O2',
      '-g',
      '-Wall',
      '-Wextra',
      '-Wno-unused-parameter',
      '-std=gnu11',
      '-o',
      POPLOAD_BINARY,
      POPLOAD_SOURCE,
    ],
    { timeoutMs: 120_000 },
  );
  return POPLOAD_BINARY;
}

function targetArgs(target: LoadTarget): string[] {
  return [
    '-H',
    '127.0.0.1',
    '-p',
    String(target.port),
    '--pid',
    String(target.pid),
    ...(target.children ? ['--children'] : []),
  ];
}

async function runPopload(binary: string, args: string[], limitS: number): Promise<PoploadResult> {
  // popload stops itself at --max-time; the extra margin covers its draining and sampling.
  const stdout = await runChecked(binary, [...args, '--max-time', String(limitS)], {
    timeoutMs: (limitS + 60) * 1000,
  });
  return parsePoploadOutput(stdout);
}

export async function churn(
  binary: string,
  target: LoadTarget,
  clients: number,
  seconds: number,
): Promise<ChurnResult> {
  const args = ['churn', ...targetArgs(target), '-c', String(clients), '-d', String(seconds)];
  return (await runPopload(binary, args, seconds + 60)) as ChurnResult;
}

export async function bulk(binary: string, target: LoadTarget, depth: number): Promise<BulkResult> {
  const args = ['bulk', ...targetArgs(target), '-c', '1', '--depth', String(depth)];
  return (await runPopload(binary, args, 900)) as BulkResult;
}

export async function hold(
  binary: string,
  target: LoadTarget,
  sessions: number,
  seconds: number,
): Promise<HoldResult> {
  const args = ['hold', ...targetArgs(target), '-c', String(sessions), '--hold', String(seconds)];
  return (await runPopload(binary, args, seconds + 300)) as HoldResult;
}
