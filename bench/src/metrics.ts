/**
 * The catalogue of side-by-side measurements and the samples collected for them. A metric's
 * id names what was run ('churn.mbox.c16'); its target, when the product sets one, is a bound
 * on ours/Dovecot.
 */
import type { MailFormat, Plan } from './plan';

export type Server = 'ours' | 'dovecot';
export const SERVERS: readonly Server[] = ['ours', 'dovecot'];

/** A bound on the ratio ours/Dovecot (or large/small for the flatness check). */
export type Target =
  | { readonly kind: 'at-least'; readonly ratio: number }
  | { readonly kind: 'at-most'; readonly ratio: number }
  | { readonly kind: 'within'; readonly low: number; readonly high: number };

export interface Metric {
  readonly id: string;
  readonly section: string;
  readonly label: string;
  readonly unit: string;
  /** Whether a larger figure is better (throughput) or worse (time, memory). */
  readonly better: 'higher' | 'lower';
  readonly digits: number;
  readonly target?: Target;
}

export const churnId = (format: MailFormat, clients: number) => `churn.${format}.c${clients}`;
export const bulkId = (format: MailFormat, depth: number) => `bulk.${format}.d${depth}`;
export const firstLoginId = (format: MailFormat) => `first-login.${format}`;
export const holdId = (sessions: number) => `hold.${sessions}`;

export function sideBySideMetrics(plan: Plan): Metric[] {
  const metrics: Metric[] = [];
  const formats = plan.formats;
  if (plan.parts.has('churn')) {
    for (const format of formats) {
      for (const clients of plan.concurrency) {
        metrics.push({
          id: churnId(format, clients),
          section: 'Churn: connect, USER, PASS, STAT, LIST, UIDL, RETR all, QUIT',
          label: `${format}, ${clients} client${clients === 1 ? '' : 's'}`,
          unit: 'sessions/s',
          better: 'higher',
          digits: 0,
          ...(clients === 16 && { target: { kind: 'at-least', ratio: 1.5 } as const }),
        });
      }
    }
  }
  if (plan.parts.has('bulk')) {
    for (const format of formats) {
      for (const depth of plan.depths) {
        metrics.push({
          id: bulkId(format, depth),
          section: `Bulk RETR of every message (${bigLabel(plan)})`,
          label: `${format}, ${depth} RETR${depth === 1 ? '' : 's'} in flight`,
          unit: 'MB/s',
          better: 'higher',
          digits: 0,
          target: { kind: 'at-least', ratio: 1 },
        });
      }
    }
  }
  if (plan.parts.has('first-login')) {
    for (const format of formats) {
      metrics.push({
        id: firstLoginId(format),
        section: `First login on the ${bigLabel(plan)} mailbox: PASS + first STAT (indexing)`,
        label: format,
        unit: 'ms',
        better: 'lower',
        digits: 0,
        ...(format === 'mbox' && { target: { kind: 'at-most', ratio: 1 } as const }),
      });
    }
  }
  if (plan.parts.has('hold')) {
    metrics.push({
      id: holdId(plan.hold.sessions),
      section: 'Idle logged-in sessions: memory of all the server’s processes (PSS)',
      label: `${plan.hold.sessions.toLocaleString('en')} sessions`,
      unit: 'MiB',
      better: 'lower',
      digits: 0,
      target: { kind: 'at-most', ratio: 1 },
    });
  }
  return metrics;
}

export function bigLabel(plan: Plan): string {
  return `${megabytes(plan.big.messages * plan.big.averageSize)} MB`;
}

export function megabytes(bytes: number): string {
  const mb = bytes / 1e6;
  return mb >= 1000 ? `${(mb / 1000).toLocaleString('en')} G` : `${Math.round(mb)}`;
}

/** Flatness of our memory: peak RSS with a small and a large mbox, ours only. */
export const FLAT_SMALL = 'flat.small';
export const FLAT_LARGE = 'flat.large';
export const FLAT_TARGET: Target = { kind: 'within', low: 0.8, high: 1.2 };

/** Samples as plain data, to keep a run and render its report again later. */
export interface SamplesData {
  readonly values: Record<string, number[]>;
  readonly notes: Record<string, string[]>;
  readonly errors: Record<string, { runs: number; total: number; first: string }>;
}

/** Everything measured in a run, as raw samples. */
export class Samples {
  readonly #values = new Map<string, number[]>();
  readonly #notes = new Map<string, string[]>();
  readonly #errors = new Map<string, { runs: number; total: number; first: string }>();

  add(id: string, server: Server, value: number): void {
    const key = `${id}/${server}`;
    const list = this.#values.get(key) ?? [];
    list.push(value);
    this.#values.set(key, list);
  }

  get(id: string, server: Server): readonly number[] {
    return this.#values.get(`${id}/${server}`) ?? [];
  }

  /** Something the reader of the table must know (a failed run, a short count). */
  note(id: string, server: Server, text: string): void {
    const key = `${id}/${server}`;
    const list = this.#notes.get(key) ?? [];
    if (!list.includes(text)) list.push(text);
    this.#notes.set(key, list);
  }

  /** A run that completed with errors: counted, the first message kept. */
  errors(id: string, server: Server, count: number, first: string): void {
    if (count <= 0) return;
    const key = `${id}/${server}`;
    const seen = this.#errors.get(key);
    this.#errors.set(key, {
      runs: (seen?.runs ?? 0) + 1,
      total: (seen?.total ?? 0) + count,
      first: seen?.first ?? first,
    });
  }

  notes(id: string, server: Server): readonly string[] {
    const key = `${id}/${server}`;
    const errors = this.#errors.get(key);
    const summary =
      errors === undefined
        ? []
        : [
            `${errors.total} error${errors.total === 1 ? '' : 's'} in ${errors.runs} run${errors.runs === 1 ? '' : 's'} (first: ${errors.first})`,
          ];
    return [...summary, ...(this.#notes.get(key) ?? [])];
  }

  toData(): SamplesData {
    return {
      values: Object.fromEntries(this.#values),
      notes: Object.fromEntries(this.#notes),
      errors: Object.fromEntries(this.#errors),
    };
  }

  static fromData(data: SamplesData): Samples {
    const samples = new Samples();
    for (const [key, list] of Object.entries(data.values)) samples.#values.set(key, [...list]);
    for (const [key, list] of Object.entries(data.notes)) samples.#notes.set(key, [...list]);
    for (const [key, seen] of Object.entries(data.errors)) samples.#errors.set(key, { ...seen });
    return samples;
  }
}
