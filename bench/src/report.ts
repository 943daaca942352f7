/** The report as Markdown: printed at the end of a run and written to docs/performance.md. */
import type { Metric, Samples, Server } from './metrics';
import { SERVERS } from './metrics';
import type { Plan } from './plan';
import type { Figure, FlatSummary, Row } from './summary';
import { formatRatio, sizeText, targetText, type TargetOutcome } from './targets';

export interface MachineNotes {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly kernel: string;
  readonly node: string;
  readonly dovecot: string;
  /** 1-minute load average at the start and at the end: other work on the machine. */
  readonly load: string;
}

export interface MicroFigure {
  readonly name: string;
  readonly unit: string;
  /** From the median iteration time (robust to pauses of a shared machine). */
  readonly rate: number;
  /** From the mean, as vitest prints it. */
  readonly meanRate: number;
  readonly rme: number;
  readonly samples: number;
}

/** A part that ran (value) or could not (reason); undefined when it was not asked for. */
export type Outcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export interface ReportInput {
  readonly plan: Plan;
  readonly started: Date;
  readonly finished: Date;
  readonly machine: MachineNotes;
  readonly metrics: readonly Metric[];
  readonly rows: readonly Row[];
  readonly flat: FlatSummary | undefined;
  readonly targets: readonly TargetOutcome[];
  readonly samples: Samples;
  readonly micro?: Outcome<readonly MicroFigure[]>;
  readonly sandbox?: Outcome<readonly string[]>;
  readonly profile?: Outcome<readonly string[]>;
  /** Hand-written findings (bench/notes/analysis.md), kept across runs. */
  readonly analysis?: string;
}

const NAMES: Record<Server, string> = { ours: 'POP3 Lab', dovecot: 'Dovecot' };

export function renderReport(input: ReportInput): string {
  const { plan } = input;
  const out: string[] = [];
  out.push('# Performance: POP3 Lab beside Dovecot', '');
  out.push(
    `Measured by \`npm run bench${plan.quick ? ' -- --quick' : ''}\` on ${day(input.started)}` +
      ` (${minutes(input.started, input.finished)}), both servers on 127.0.0.1 of the same` +
      ` machine, in the same run, with the same mailboxes. Figures are medians of ${plan.runs}` +
      ` run${plan.runs === 1 ? '' : 's'} (range in brackets); ratios are ours/Dovecot.`,
    '',
  );
  if (plan.quick) {
    out.push(
      '> **Quick run**: smaller mailboxes and shorter runs than the targets name; a smoke test of' +
        ' the benchmark, not a result.',
      '',
    );
  }

  out.push(
    '## Targets',
    '',
    ...table(['Target', 'Result', 'Judged on'], input.targets.map(targetRow)),
    '',
  );

  out.push('## Side by side', '');
  let section = '';
  let rows: string[][] = [];
  const notes: string[] = [];
  const flush = () => {
    if (rows.length === 0) return;
    out.push(`### ${section}`, '');
    out.push(
      ...table(
        ['', NAMES.ours, NAMES.dovecot, 'Ours/Dovecot', 'Target', 'CPU ours / Dovecot'],
        rows,
      ),
      '',
    );
    rows = [];
  };
  for (const row of input.rows) {
    if (row.metric.section !== section) {
      flush();
      section = row.metric.section;
    }
    const cells = SERVERS.map((server) => {
      const f = row.figures[server];
      const marks = f.notes.map((note) => {
        notes.push(`${row.metric.label}, ${NAMES[server]}: ${note}`);
        return `[${notes.length}]`;
      });
      return `${figureText(f, row.metric)}${marks.length ? ` ${marks.join('')}` : ''}`;
    });
    rows.push([
      `${row.metric.label} (${row.metric.unit})`,
      ...cells,
      formatRatio(row.ratio),
      verdictText(row),
      cpuText(row),
    ]);
  }
  flush();
  if (notes.length > 0) {
    out.push('Notes:', '', ...notes.map((note, i) => `${i + 1}. ${note}`), '');
  }

  if (input.flat !== undefined) {
    const f = input.flat;
    out.push('### Our memory with a small and a large mbox', '');
    out.push(
      'Peak resident memory (VmHWM) of a freshly started server through one session that logs in' +
        ' to the mailbox (indexing it), RETRs every message and QUITs.',
      '',
    );
    out.push(
      ...table(
        ['Mailbox', 'Peak RSS (MiB)'],
        [
          [sizeText(f.smallBytes), figureText(f.small, { digits: 0 })],
          [sizeText(f.largeBytes), figureText(f.large, { digits: 0 })],
          [
            'large / small',
            `${formatRatio(f.ratio)} (target 0.8–1.2×: ${f.verdict ?? 'not measured'})`,
          ],
        ],
      ),
      '',
    );
  }

  if (input.micro !== undefined) {
    out.push('## Engine microbenchmarks', '');
    out.push(
      'vitest bench in packages/pop3-core (`npx vitest bench --run --config' +
        ' bench/vitest.bench.config.ts`): the sans-IO engine and the mbox indexer with no' +
        ' sockets and no disk. Rates come from the median iteration; the mean-based rate vitest' +
        ' prints is beside it.',
      '',
    );
    if (input.micro.ok) {
      out.push(
        ...table(
          ['Benchmark', 'Rate', 'Mean-based', '±', 'Samples'],
          input.micro.value.map((m) => [
            m.name,
            `${number(m.rate)} ${m.unit}`,
            `${number(m.meanRate)} ${m.unit}`,
            `${m.rme.toFixed(1)}%`,
            String(m.samples),
          ]),
        ),
        '',
      );
    } else {
      out.push(`Not measured: ${input.micro.reason}`, '');
    }
  }

  if (input.sandbox !== undefined) {
    out.push('## Sandbox page', '');
    if (input.sandbox.ok) out.push(...input.sandbox.value, '');
    else out.push(`Not measured: ${input.sandbox.reason}`, '');
  }

  if (input.profile !== undefined) {
    out.push('## Where our server spends its time (node --cpu-prof)', '');
    if (input.profile.ok) out.push(...input.profile.value, '');
    else out.push(`Not profiled: ${input.profile.reason}`, '');
  }

  if (input.analysis !== undefined && input.analysis.trim() !== '') {
    out.push(input.analysis.trim(), '');
  }

  out.push('## Machine', '');
  const m = input.machine;
  out.push(
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGB.toFixed(0)} GB; Linux ${m.kernel}`,
    `- Node ${m.node}; Dovecot ${m.dovecot}`,
    `- Load average (1 min) at start / end: ${m.load}. The machine is shared: other work` +
      ' running at the same time lowers both servers’ figures alike, which is why both run in' +
      ' the same session and only ratios are compared.',
    '',
  );

  out.push('## How it was measured', '', ...method(plan), '');

  out.push('## Every run', '');
  out.push(
    ...table(
      ['Measurement', NAMES.ours, NAMES.dovecot],
      input.metrics.map((metric) => [
        `${metric.section.split(':')[0]}, ${metric.label} (${metric.unit})`,
        ...SERVERS.map((server) =>
          input.samples
            .get(metric.id, server)
            .map((v) => v.toFixed(metric.digits))
            .join(', '),
        ),
      ]),
    ),
    '',
  );
  return out.join('\n');
}

function method(plan: Plan): string[] {
  return [
    '- Load generator: `bench/load/popload.c` (C, epoll, one thread; it stays a small fraction' +
      ' of a core, so it is not the bottleneck). Mailboxes: `bench/ref/setup-mail.py` lays out' +
      ' the same users and mail for both servers, each in its own directory; the bulk mailbox' +
      ` comes from \`bench/fixtures/gen-big.py ${plan.big.messages} ${plan.big.averageSize}\`,` +
      ' the same messages as mbox and as Maildir.',
    `- Dovecot: Debian's dovecot-pop3d via \`bench/ref/dovecot.sh\` (private configuration,` +
      ` loopback, login processes: ${plan.dovecotLogin === 'default' ? 'its default, one per connection' : 'high-performance mode, reused'}).` +
      ' POP3 Lab: `apps/server/bin/pop3-lab-server.mjs --mail mbox:DIR` (or `maildir:`)' +
      ' `--users FILE --tls-port off --quiet`, one Node process.',
    `- Churn: ${plan.churnSeconds} s per run and concurrency; client i logs in as load<i>, each` +
      ' with a copy of the 3-message classroom mailbox.',
    '- Bulk: one client RETRs every message of user big; MB/s counts the bytes received' +
      ' between the first RETR and the last reply. Our server indexes the mbox at PASS on every' +
      ' login (it keeps no index on disk); Dovecot keeps its index from the first login on.',
    '- First login: the mailbox is restored from its fixture and Dovecot’s index removed before' +
      ' each run; the figure is PASS plus the first STAT, as a client sees them.',
    `- Idle sessions: ${plan.hold.sessions} connections log in (at most 50 logins in flight)` +
      ` and stay idle ${plan.hold.seconds} s; memory is PSS summed over the server's processes` +
      ' (Dovecot: the master and all its children; ours: the one process), sampled while held,' +
      ' on freshly started servers.',
  ];
}

function targetRow(t: TargetOutcome): string[] {
  const status =
    t.status === 'met' ? '**met**' : t.status === 'missed' ? '**missed**' : 'not measured';
  return [t.goal, status, t.evidence];
}

function figureText(f: Figure, metric: Pick<Metric, 'digits'>): string {
  if (f.median === undefined) return '–';
  const value = f.median.toFixed(metric.digits);
  if (f.runs < 2 || f.min === undefined || f.max === undefined) return value;
  return `${value} (${f.min.toFixed(metric.digits)}–${f.max.toFixed(metric.digits)})`;
}

function verdictText(row: Row): string {
  if (row.metric.target === undefined) return '';
  const bound = targetText(row.metric.target);
  return row.verdict === undefined ? bound : `${bound} ${row.verdict}`;
}

function cpuText(row: Row): string {
  const { ours, dovecot } = row.figures;
  if (ours.cpu === undefined && dovecot.cpu === undefined) return '';
  const pct = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(0)}%`);
  return `${pct(ours.cpu)} / ${pct(dovecot.cpu)}`;
}

function number(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en');
  return value.toPrecision(3);
}

/** A Markdown table whose columns are padded, so it reads as well in a terminal. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    `| ${header.map((_, i) => pad(cells[i] ?? '', widths[i]!)).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((w) => '-'.repeat(Math.max(3, w))).join(' | ')} |`,
    ...rows.map(line),
  ];
}

function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function minutes(from: Date, to: Date): string {
  const m = Math.round((to.getTime() - from.getTime()) / 60_000);
  return m < 1 ? 'under a minute' : `${m} min`;
}
