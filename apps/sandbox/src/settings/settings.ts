/**
 * What the user chooses on the page, kept in localStorage. Whatever is stored is checked:
 * a value from an older version or typed by hand falls back to its default, field by field.
 */
import { isLanguage, type Language } from '../i18n/messages';

export type Theme = 'light' | 'dark';

export interface Settings {
  readonly language: Language;
  readonly theme: Theme;
  /** Terminal font size in CSS pixels. */
  readonly fontSize: number;
  /** The server persona for new connections (a name the engine knows). */
  readonly persona: string;
  /** Commands and capabilities switched off for new connections, e.g. ['TOP', 'APOP']. */
  readonly disabled: readonly string[];
  /** USER/PASS before TLS: the in-page network is loopback, where classrooms allow it. */
  readonly allowPlaintextAuth: boolean;
}

export const FONT_SIZES = { min: 10, max: 24 } as const;

export const STORAGE_KEY = 'pop3-lab.settings';

/** The subset of the Web Storage API used here. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function defaultSettings(preferredLanguages: readonly string[] = []): Settings {
  const french = preferredLanguages.some((tag) => tag.toLowerCase().startsWith('fr'));
  return {
    language: french ? 'fr' : 'en',
    theme: 'dark',
    fontSize: 14,
    persona: 'dovecot-like',
    disabled: [],
    allowPlaintextAuth: true,
  };
}

export function sanitizeSettings(value: unknown, defaults: Settings): Settings {
  if (typeof value !== 'object' || value === null) return defaults;
  const stored = value as Record<string, unknown>;
  const fontSize = stored.fontSize;
  return {
    language: isLanguage(stored.language) ? stored.language : defaults.language,
    theme: stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : defaults.theme,
    fontSize:
      typeof fontSize === 'number' &&
      Number.isInteger(fontSize) &&
      fontSize >= FONT_SIZES.min &&
      fontSize <= FONT_SIZES.max
        ? fontSize
        : defaults.fontSize,
    persona:
      typeof stored.persona === 'string' && /^[a-z0-9-]{1,40}$/.test(stored.persona)
        ? stored.persona
        : defaults.persona,
    disabled: Array.isArray(stored.disabled)
      ? [
          ...new Set(
            stored.disabled.filter(
              (d): d is string => typeof d === 'string' && /^[A-Z0-9-]{1,20}$/.test(d),
            ),
          ),
        ]
      : defaults.disabled,
    allowPlaintextAuth:
      typeof stored.allowPlaintextAuth === 'boolean'
        ? stored.allowPlaintextAuth
        : defaults.allowPlaintextAuth,
  };
}

export function loadSettings(storage: StorageLike | undefined, defaults: Settings): Settings {
  if (!storage) return defaults;
  try {
    const raw = storage.getItem(STORAGE_KEY);
    return raw === null ? defaults : sanitizeSettings(JSON.parse(raw), defaults);
  } catch {
    return defaults; // unreadable JSON or storage denied (file:// in some browsers)
  }
}

export function saveSettings(storage: StorageLike | undefined, settings: Settings): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Storage full or denied: the settings still hold for this visit.
  }
}
