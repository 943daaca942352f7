/** The welcome lines the boot prompt shows, in each language, from the message tables. */
import { languages, translator, type Language } from '../i18n/messages';

export interface BootTexts {
  readonly title: string;
  readonly try: string;
  readonly help: string;
}

export function bootTexts(): Record<Language, BootTexts> {
  return Object.fromEntries(
    languages.map((language) => {
      const t = translator(() => language);
      return [
        language,
        {
          title: t('welcome.title'),
          try: t('welcome.try', { command: '{command}' }),
          help: t('welcome.help'),
        },
      ];
    }),
  ) as Record<Language, BootTexts>;
}

/** What index.html's boot script leaves for the terminal to take over. */
export interface BootHandoff {
  take(): string;
  remove(): void;
}
