/**
 * How a reply is described once: its status, response code, wording in each language, and the
 * explanation with the RFC section that governs it. The catalogs (general, authorization,
 * transaction) are lists of these; the session turns one into a line on the wire and a
 * `reply` event.
 */
import type { ResponseCode } from '../session/events';
import type { PersonaFlaw } from '../session/personas';
import type { Localized } from '../session/language';

export type Text<P> = string | ((params: P) => string);

export interface ReplySpec<P> {
  readonly ok: boolean;
  readonly code?: ResponseCode | ((params: P) => ResponseCode);
  readonly rfc: Text<P>;
  /** Wire text in English and French; `rfc1939` is the English wording of the RFC examples. */
  readonly say: { readonly en: Text<P>; readonly fr: Text<P>; readonly rfc1939?: Text<P> };
  readonly why: { readonly en: Text<P>; readonly fr: Text<P> };
  /** What a teaching persona does differently here, appended to the explanation. */
  readonly flaw?: Partial<Record<PersonaFlaw, Localized | ((params: P) => Localized | undefined)>>;
}

/** Declares a reply; the type parameter names its parameters. */
export function reply<P = Record<string, never>>(spec: ReplySpec<P>): ReplySpec<P> {
  return spec;
}

export function render<P>(text: Text<P>, params: P): string {
  return typeof text === 'function' ? text(params) : text;
}

/** "1 message", "2 messages". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
