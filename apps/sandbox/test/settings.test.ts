import { describe, expect, it } from 'vitest';
import {
  defaultSettings,
  loadSettings,
  sanitizeSettings,
  saveSettings,
  STORAGE_KEY,
  type StorageLike,
} from '../src/settings/settings';

class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe('settings', () => {
  it('default to French for a French browser, English otherwise', () => {
    expect(defaultSettings(['fr-CA', 'en']).language).toBe('fr');
    expect(defaultSettings(['de', 'en-GB']).language).toBe('en');
  });

  it('survive a round trip through storage', () => {
    const storage = new MemoryStorage();
    const settings = {
      ...defaultSettings(),
      language: 'fr' as const,
      theme: 'light' as const,
      fontSize: 18,
      persona: 'strict-rfc1939',
      disabled: ['TOP', 'APOP'],
      allowPlaintextAuth: false,
    };
    saveSettings(storage, settings);
    expect(loadSettings(storage, defaultSettings())).toEqual(settings);
  });

  it('replace each bad field by its default and keep the good ones', () => {
    const defaults = defaultSettings();
    expect(
      sanitizeSettings(
        {
          language: 'de',
          theme: 'blue',
          fontSize: 99,
          persona: '<script>',
          disabled: ['TOP', 3, 'top'],
          allowPlaintextAuth: 'yes',
        },
        defaults,
      ),
    ).toEqual({ ...defaults, disabled: ['TOP'] });
    expect(sanitizeSettings({ fontSize: 12.5 }, defaults).fontSize).toBe(defaults.fontSize);
    expect(sanitizeSettings(null, defaults)).toBe(defaults);
  });

  it('fall back to the defaults when storage holds garbage or refuses access', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, '{not json');
    expect(loadSettings(storage, defaultSettings())).toEqual(defaultSettings());
    const denied: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadSettings(denied, defaultSettings())).toEqual(defaultSettings());
    expect(() => saveSettings(denied, defaultSettings())).not.toThrow();
  });
});
