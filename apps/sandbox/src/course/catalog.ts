/**
 * The built-in labs, bundled with the course code (which loads only when a lab is wanted):
 * every `NN-id.language.md` of packages/labs/labs, parsed once.
 */
import { formatLabErrors, parseLab, type LabDocument } from '@pop3-lab/labs';
import type { Language } from '../i18n/messages';

const files = import.meta.glob<string>('../../../../packages/labs/labs/*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export interface CatalogLab {
  readonly id: string;
  readonly order: number;
  readonly versions: Readonly<Partial<Record<Language, LabDocument>>>;
}

function build(): CatalogLab[] {
  const byId = new Map<
    string,
    { order: number; versions: Partial<Record<Language, LabDocument>> }
  >();
  for (const [path, text] of Object.entries(files)) {
    const parsed = parseLab(text);
    if (!parsed.ok) throw new Error(formatLabErrors(parsed.errors, path.split('/').pop()));
    const { meta } = parsed.lab;
    const entry = byId.get(meta.id) ?? { order: meta.order ?? 999, versions: {} };
    entry.versions[meta.language] = parsed.lab;
    byId.set(meta.id, entry);
  }
  return [...byId.entries()]
    .map(([id, entry]) => ({ id, order: entry.order, versions: entry.versions }))
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

export const catalog: readonly CatalogLab[] = build();

/** The lab in this language, or in the other one when it has only one. */
export function builtinLab(id: string, language: Language): LabDocument | undefined {
  const entry = catalog.find((lab) => lab.id === id);
  return entry?.versions[language] ?? entry?.versions.en ?? entry?.versions.fr;
}
