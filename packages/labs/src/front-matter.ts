/**
 * The front matter between the two `---` lines at the top of a lab file: one `key: value` per
 * line, values optionally quoted, lists as `TOP, UIDL` or `[TOP, UIDL]`, `#` comments. It is a
 * deliberately small subset of YAML, so every mistake can be named with its line.
 */
import { featureNames, personas, type FeatureName, type PersonaName } from '@pop3-lab/core';
import { suggest } from './checks';
import {
  labLanguages,
  labLevels,
  mailboxSets,
  type LabLanguage,
  type LabLevel,
  type LabMeta,
  type MailboxSet,
} from './lab-document';
import type { LabError } from './lab-errors';

const KEYS = [
  'id',
  'title',
  'language',
  'level',
  'mailboxes',
  'persona',
  'summary',
  'order',
  'disabled',
  'terminals',
] as const;
type Key = (typeof KEYS)[number];
const REQUIRED: readonly Key[] = ['id', 'title', 'language', 'level', 'mailboxes', 'persona'];

export interface FrontMatterResult {
  readonly meta: LabMeta | undefined;
  /** Index of the first line after the closing `---` (0-based). */
  readonly bodyStart: number;
  readonly errors: readonly LabError[];
}

export function parseFrontMatter(lines: readonly string[]): FrontMatterResult {
  const errors: LabError[] = [];
  if ((lines[0] ?? '').trim() !== '---') {
    return {
      meta: undefined,
      bodyStart: 0,
      errors: [
        {
          line: 1,
          message:
            'a lab file starts with its front matter: a line "---", then id, title, language, level, mailboxes and persona, then "---"',
        },
      ],
    };
  }
  const close = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (close === -1) {
    return {
      meta: undefined,
      bodyStart: lines.length,
      errors: [
        { line: 1, message: 'the front matter opened here is never closed by a line "---"' },
      ],
    };
  }

  const values = new Map<Key, { value: string; line: number }>();
  for (let index = 1; index < close; index++) {
    const text = lines[index] as string;
    const line = index + 1;
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    const match = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(text.trim());
    if (!match) {
      errors.push({ line, message: `expected "key: value", found "${text.trim()}"` });
      continue;
    }
    const key = (match[1] as string).toLowerCase();
    if (!(KEYS as readonly string[]).includes(key)) {
      errors.push({
        line,
        message: `unknown key "${match[1]}"${suggest(key, KEYS)}; the keys are ${KEYS.join(', ')}`,
      });
      continue;
    }
    if (values.has(key as Key)) {
      errors.push({
        line,
        message: `"${key}" is given twice (first on line ${values.get(key as Key)?.line})`,
      });
      continue;
    }
    const value = unquote(match[2] as string);
    if (value === undefined) {
      errors.push({ line, message: `the quoted value of "${key}" is not closed` });
      continue;
    }
    values.set(key as Key, { value, line });
  }
  for (const key of REQUIRED) {
    if (!values.has(key))
      errors.push({ line: close + 1, message: `the front matter needs "${key}:"` });
  }

  const field = (key: Key) => values.get(key);
  const fail = (key: Key, message: string) => {
    errors.push({ line: field(key)?.line ?? 1, message });
  };

  const id = field('id')?.value ?? '';
  if (field('id') && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
    fail(
      'id',
      `id "${id}" must be lower-case letters and digits joined by hyphens, like "first-contact"`,
    );
  }
  const title = field('title')?.value ?? '';
  if (field('title') && title === '') fail('title', 'the title is empty');
  const language = pick('language', labLanguages, field, fail);
  const level = pick('level', labLevels, field, fail);
  const mailboxes = pick('mailboxes', mailboxSets, field, fail);
  const personaNames = Object.keys(personas) as PersonaName[];
  const persona = pick('persona', personaNames, field, fail);

  let order: number | undefined;
  const orderField = field('order');
  if (orderField) {
    if (!/^\d{1,4}$/.test(orderField.value)) fail('order', 'order must be a whole number');
    else order = Number(orderField.value);
  }
  let disabled: FeatureName[] = [];
  const disabledField = field('disabled');
  if (disabledField) {
    const parsed = parseFeatures(disabledField.value);
    if (typeof parsed === 'string') fail('disabled', parsed);
    else disabled = parsed;
  }
  let terminals: 1 | 2 = 1;
  const terminalsField = field('terminals');
  if (terminalsField) {
    if (terminalsField.value === '1' || terminalsField.value === '2') {
      terminals = terminalsField.value === '2' ? 2 : 1;
    } else fail('terminals', 'terminals must be 1 or 2');
  }

  const ready =
    errors.length === 0 &&
    language !== undefined &&
    level !== undefined &&
    mailboxes !== undefined &&
    persona !== undefined;
  return {
    meta: ready
      ? {
          id,
          title,
          language: language as LabLanguage,
          level: level as LabLevel,
          summary: field('summary')?.value ?? '',
          order,
          mailboxes: mailboxes as MailboxSet,
          persona: persona as PersonaName,
          disabled,
          terminals,
        }
      : undefined,
    bodyStart: close + 1,
    errors,
  };
}

function pick<T extends string>(
  key: Key,
  allowed: readonly T[],
  field: (key: Key) => { value: string } | undefined,
  fail: (key: Key, message: string) => void,
): T | undefined {
  const entry = field(key);
  if (!entry) return undefined;
  const match = allowed.find((item) => item === entry.value);
  if (match === undefined) {
    fail(
      key,
      `${key} "${entry.value}" is not known${suggest(entry.value, allowed)}; use one of ${allowed.join(', ')}`,
    );
  }
  return match;
}

/** `TOP, UIDL` or `[TOP, UIDL]`, case-insensitive; a message when a name is unknown. */
export function parseFeatures(text: string): FeatureName[] | string {
  const inner = text.trim().replace(/^\[(.*)\]$/, '$1');
  const names = inner
    .split(/[,\s]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const features: FeatureName[] = [];
  for (const name of names) {
    const feature = featureNames.find((known) => known === name.toUpperCase());
    if (feature === undefined) {
      return `"${name}" is not a command or capability that can be switched off${suggest(name.toUpperCase(), featureNames)}; they are ${featureNames.join(', ')}`;
    }
    if (!features.includes(feature)) features.push(feature);
  }
  return features;
}

function unquote(raw: string): string | undefined {
  const value = raw.trim();
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    if (value.length < 2 || value[value.length - 1] !== quote) return undefined;
    return value.slice(1, -1);
  }
  return value;
}
