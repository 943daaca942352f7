/**
 * Languages of reply texts (RFC 6856 §3). Replies start in English; LANG switches them.
 */
export type Language = 'en' | 'fr';

/** A string in every language the engine speaks. */
export interface Localized {
  readonly en: string;
  readonly fr: string;
}

/** The LANG listing: tag and the language's name in itself (RFC 6856 §3.2). */
export const languageNames: Readonly<Record<Language, string>> = {
  en: 'English',
  fr: 'Français',
};

/**
 * Picks the language for a LANG argument. "*" asks for the server's preferred language
 * (RFC 6856 §3.2); otherwise the range is matched by RFC 4647 §3.4 lookup: "fr-CA" falls back
 * to "fr". Returns undefined when nothing matches.
 */
export function matchLanguage(range: string, preferred: Language): Language | undefined {
  if (range === '*') return preferred;
  let candidate = range.toLowerCase();
  while (candidate.length > 0) {
    if (candidate === 'en' || candidate === 'fr') return candidate;
    const cut = candidate.lastIndexOf('-');
    if (cut < 0) return undefined;
    candidate = candidate.slice(0, cut);
    // A lone singleton such as "x" in "fr-x-private" is dropped together with its subtag.
    if (candidate.length > 1 && candidate.at(-2) === '-') candidate = candidate.slice(0, -2);
  }
  return undefined;
}
