/**
 * Every reply the engine can send is explained, with its RFC section, in English and French;
 * and the English wording, sent before any LANG, is plain ASCII so nothing turns into "?".
 */
import { describe, expect, test } from 'vitest';
import { replyCatalog } from '../../src/replies/catalog';
import type { ReplySpec, Text } from '../../src/replies/reply-spec';
import { render } from '../../src/replies/reply-spec';

/** Parameters for any reply: every field reads as 2 (a number that prints well), `rfc` as a section. */
const anyParams = new Proxy({}, { get: (_, key) => (key === 'rfc' ? 'RFC 4616 §2' : 2) }) as never;
const show = (text: Text<never> | undefined) =>
  text === undefined ? undefined : render(text, anyParams);

describe.each(Object.entries(replyCatalog) as [string, ReplySpec<never>][])(
  'reply %s',
  (_id, spec) => {
    test('cites the RFC section that governs it', () => {
      expect(show(spec.rfc)).toMatch(/^RFC \d+ §\d+(\.\d+)*$/);
    });

    test('explains itself in English and in French', () => {
      const en = show(spec.why.en)!;
      const fr = show(spec.why.fr)!;
      expect(en.length).toBeGreaterThan(20);
      expect(fr.length).toBeGreaterThan(20);
      expect(fr).not.toBe(en);
    });

    test('speaks ASCII in English and has a French wording', () => {
      for (const wording of [show(spec.say.en), show(spec.say.rfc1939)]) {
        if (wording !== undefined) expect(wording).toMatch(/^[\x20-\x7e]*$/);
      }
      expect(typeof show(spec.say.fr)).toBe('string');
    });
  },
);
