/**
 * What a run measures and for how long, from the command line and the environment. Pure: the
 * same arguments give the same plan, so it is tested without starting anything.
 */

export type MailFormat = 'mbox' | 'maildir';
export type Part = 'churn' | 'bulk' | 'first-login' | 'hold' | 'flat' | 'micro' | 'sandbox';
export const PARTS: readonly Part[] = [
  'churn',
  'bulk',
  'first-login',
  'hold',
  'flat',
  'micro',
  'sandbox',
];

export interface Plan {
  /** A short smoke run: small mailboxes, one run each, nothing written unless --out. */
  readonly quick: boolean;
  /** Runs per measurement; tables show their median. */
  readonly runs: number;
  readonly churnSeconds: number;
  readonly concurrency: readonly number[];
  /** RETRs in flight per bulk client. */
  readonly depths: readonly number[];
  readonly formats: readonly MailFormat[];
  /** The bulk mailbox: gen-big.py COUNT AVERAGE_SIZE (10,000 × 10 kB ≈ 100 MB). */
  readonly big: { readonly messages: number; readonly averageSize: number };
  readonly hold: { readonly sessions: number; readonly seconds: number; readonly runs: number };
  /** Our peak memory with a small and a large mbox (10 MB and 1 GB). */
  readonly flat: {
    readonly smallMessages: number;
    readonly largeMessages: number;
    readonly averageSize: number;
    readonly runs: number;
  };
  readonly parts: ReadonlySet<Part>;
  /** Where the Markdown report goes; undefined: print only. */
  readonly output: string | undefined;
  /** Also run churn and bulk against our server under `node --cpu-prof`, and summarise. */
  readonly profile: boolean;
  /** Dovecot's login processes: its default (one per connection) or 'performance' (reused). */
  readonly dovecotLogin: 'default' | 'performance';
}

export type PlanResult =
  | { readonly kind: 'plan'; readonly plan: Plan }
  /** Render the report of a kept run again (no measuring). */
  | { readonly kind: 'render'; readonly record: string; readonly output: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

export const DEFAULT_OUTPUT = 'docs/performance.md';
/** Where a run that writes its report also keeps its raw figures. */
export const RUN_RECORD = 'bench/results/last-run.json';

export const USAGE = `usage: npm run bench [-- options]

Measures our POP3 server side by side with Dovecot on 127.0.0.1 and prints a table of both
figures with our/Dovecot ratios (medians of several runs); a full run writes ${DEFAULT_OUTPUT}.

  --quick             short smoke run (env BENCH_QUICK=1): small mailboxes, one run, ~3 min
  --runs N            runs per measurement (env BENCH_RUNS; default 5, quick 1)
  --seconds S         churn duration per run (env BENCH_CHURN_SECONDS; default 8, quick 2)
  --only LIST         parts to run, comma-separated (env BENCH_ONLY):
                      ${PARTS.join(', ')}
  --formats LIST      mbox, maildir or both (default both)
  --dovecot-login M   default | performance (Dovecot's login_service_count 1 or 0)
  --out FILE          write the Markdown report there (default: ${DEFAULT_OUTPUT} for a
                      full run, nowhere for --quick or --only)
  --no-write          print only
  --profile           also profile our server (node --cpu-prof) under churn and bulk
  --render [FILE]     measure nothing: render the report of a kept run again (default
                      ${RUN_RECORD}, which every run that writes its report keeps)
  -h, --help          this text

Environment: BENCH_SERVER_BIN runs another entry point of our server instead of
apps/server/bin/pop3-lab-server.mjs (same command-line options).
`;

type Env = Readonly<Record<string, string | undefined>>;

export function parsePlan(argv: readonly string[], env: Env): PlanResult {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--quick' || arg === '--no-write' || arg === '--profile') {
      flags.set(arg, true);
      continue;
    }
    if (arg === '--render') {
      const next = argv[i + 1];
      const file = next === undefined || next.startsWith('--') ? RUN_RECORD : next;
      if (file === next) i++;
      flags.set(arg, file);
      continue;
    }
    if (['--runs', '--seconds', '--only', '--formats', '--out', '--dovecot-login'].includes(arg)) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--'))
        return { kind: 'error', message: `${arg} needs a value` };
      flags.set(arg, value);
      i++;
      continue;
    }
    return { kind: 'error', message: `unknown option ${arg}` };
  }
  const text = (flag: string, variable?: string): string | undefined => {
    const value = flags.get(flag);
    if (typeof value === 'string') return value;
    return variable === undefined ? undefined : env[variable] || undefined;
  };

  const render = flags.get('--render');
  if (typeof render === 'string') {
    const out = flags.get('--out');
    return {
      kind: 'render',
      record: render,
      output: typeof out === 'string' ? out : DEFAULT_OUTPUT,
    };
  }

  const quick = flags.has('--quick') || env.BENCH_QUICK === '1';
  const runs = whole(text('--runs', 'BENCH_RUNS'), quick ? 1 : 5, 1, 100);
  if (typeof runs === 'string') return { kind: 'error', message: `runs: ${runs}` };
  const seconds = whole(text('--seconds', 'BENCH_CHURN_SECONDS'), quick ? 2 : 8, 1, 600);
  if (typeof seconds === 'string') return { kind: 'error', message: `seconds: ${seconds}` };

  const parts = list(text('--only', 'BENCH_ONLY'), PARTS);
  if (typeof parts === 'string') return { kind: 'error', message: `--only: ${parts}` };
  const formats = list(text('--formats', 'BENCH_FORMATS'), ['mbox', 'maildir'] as const);
  if (typeof formats === 'string') return { kind: 'error', message: `--formats: ${formats}` };

  const login = text('--dovecot-login', 'BENCH_DOVECOT_LOGIN') ?? 'default';
  if (login !== 'default' && login !== 'performance') {
    return { kind: 'error', message: `--dovecot-login must be default or performance` };
  }

  // Only a full run replaces the docs' report: a partial one would drop the other sections.
  const partial = parts.length < PARTS.length;
  let output: string | undefined = quick || partial ? undefined : DEFAULT_OUTPUT;
  const out = text('--out');
  if (out !== undefined) output = out;
  if (flags.has('--no-write')) output = undefined;

  return {
    kind: 'plan',
    plan: {
      quick,
      runs,
      churnSeconds: seconds,
      concurrency: [1, 16, 64],
      depths: [1, 8],
      formats,
      big: { messages: quick ? 2000 : 10_000, averageSize: 10_000 },
      hold: quick
        ? { sessions: 200, seconds: 2, runs: 1 }
        : { sessions: 1000, seconds: 10, runs: Math.min(runs, 3) },
      flat: {
        smallMessages: 1000,
        largeMessages: quick ? 5000 : 100_000,
        averageSize: 10_000,
        runs: Math.min(runs, 2),
      },
      parts: new Set(parts),
      output,
      profile: flags.has('--profile'),
      dovecotLogin: login,
    },
  };
}

function whole(value: string | undefined, fallback: number, min: number, max: number) {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) return `"${value}" is not a whole number`;
  const n = Number(value);
  if (n < min || n > max) return `${n} is not between ${min} and ${max}`;
  return n;
}

function list<T extends string>(value: string | undefined, allowed: readonly T[]): T[] | string {
  if (value === undefined) return [...allowed];
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) return 'empty list';
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      return `"${item}" is not one of ${allowed.join(', ')}`;
    }
  }
  return [...new Set(items)] as T[];
}
