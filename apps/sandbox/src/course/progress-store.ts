/**
 * The course's memory in localStorage: each lab's progress (step, objectives met, hints opened,
 * when it was started and finished) and which lab is open, so a reload resumes where the
 * student was. A teacher's lab file is kept whole with it. Whatever is read back is checked.
 */
import type { SavedProgress } from '@pop3-lab/labs';
import type { StorageLike } from '../settings/settings';
import { COURSE_KEY } from './saved-lab';

export { COURSE_KEY };

export interface LabRecord extends SavedProgress {
  readonly started: number;
  readonly finished: number | undefined;
}

/** The lab that is open: a built-in one by id, or a teacher's file with its text. */
export type ActiveLab =
  | { readonly kind: 'builtin'; readonly id: string }
  | { readonly kind: 'file'; readonly text: string };

interface Stored {
  readonly active: ActiveLab | undefined;
  readonly labs: Readonly<Record<string, LabRecord>>;
}

const empty: Stored = { active: undefined, labs: {} };

/** Built-in labs and teachers' files never share a record. */
export function recordKey(active: ActiveLab, id: string): string {
  return active.kind === 'builtin' ? id : `file:${id}`;
}

function isRecord(value: unknown): value is LabRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.id === 'string' &&
    Number.isSafeInteger(record.step) &&
    Array.isArray(record.done) &&
    record.done.every((step) => Array.isArray(step) && step.every((d) => typeof d === 'boolean')) &&
    Array.isArray(record.hints) &&
    record.hints.every((h) => typeof h === 'number') &&
    typeof record.started === 'number' &&
    (record.finished === undefined || typeof record.finished === 'number')
  );
}

function isActive(value: unknown): value is ActiveLab {
  if (typeof value !== 'object' || value === null) return false;
  const active = value as Record<string, unknown>;
  return (
    (active.kind === 'builtin' && typeof active.id === 'string') ||
    (active.kind === 'file' && typeof active.text === 'string' && active.text.length < 200_000)
  );
}

export class ProgressStore {
  readonly #storage: StorageLike | undefined;

  constructor(storage: StorageLike | undefined) {
    this.#storage = storage;
  }

  #read(): Stored {
    try {
      const raw = this.#storage?.getItem(COURSE_KEY);
      if (!raw) return empty;
      const value = JSON.parse(raw) as Record<string, unknown>;
      const labs: Record<string, LabRecord> = {};
      if (typeof value.labs === 'object' && value.labs !== null) {
        for (const [key, record] of Object.entries(value.labs))
          if (isRecord(record)) labs[key] = record;
      }
      return { active: isActive(value.active) ? value.active : undefined, labs };
    } catch {
      return empty;
    }
  }

  #write(stored: Stored): void {
    try {
      this.#storage?.setItem(COURSE_KEY, JSON.stringify(stored));
    } catch {
      // Full or denied: progress simply is not kept.
    }
  }

  active(): ActiveLab | undefined {
    return this.#read().active;
  }

  setActive(active: ActiveLab | undefined): void {
    this.#write({ ...this.#read(), active });
  }

  record(key: string): LabRecord | undefined {
    return this.#read().labs[key];
  }

  records(): Readonly<Record<string, LabRecord>> {
    return this.#read().labs;
  }

  save(key: string, record: LabRecord): void {
    const stored = this.#read();
    this.#write({ ...stored, labs: { ...stored.labs, [key]: record } });
  }

  forget(key: string): void {
    const stored = this.#read();
    const labs = { ...stored.labs };
    delete labs[key];
    this.#write({ ...stored, labs });
  }
}
