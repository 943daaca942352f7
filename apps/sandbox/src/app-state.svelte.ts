/**
 * The page's reactive state: the settings (saved on every change) and the lab, which arrives a
 * moment after the prompt (it is loaded lazily). Views read `labVersion` to know when to look
 * at the lab again.
 */
import type { Lab } from './lab/lab';
import { translator, type Translate } from './i18n/messages';
import {
  defaultSettings,
  loadSettings,
  saveSettings,
  type Settings,
  type StorageLike,
} from './settings/settings';

function storage(): StorageLike | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // denied (some browsers on file://)
  }
}

class AppState {
  settings: Settings = $state(
    loadSettings(storage(), defaultSettings(globalThis.navigator?.languages ?? [])),
  );
  /** Set once the lab has loaded; not deeply reactive (it notifies through labVersion). */
  lab: Lab | undefined = $state.raw(undefined);
  labVersion = $state(0);
  /** The mailbox the inspector and the raw view show. */
  selectedUser: string | undefined = $state(undefined);
  readonly t: Translate = translator(() => this.settings.language);

  update(change: Partial<Settings>): void {
    this.settings = { ...this.settings, ...change };
    saveSettings(storage(), this.settings);
    this.applyToDocument();
  }

  /** Theme and language on <html>, at once: the terminal reads its colours from there. */
  applyToDocument(): void {
    document.documentElement.dataset.theme = this.settings.theme;
    document.documentElement.lang = this.settings.language;
  }
}

export const app = new AppState();
