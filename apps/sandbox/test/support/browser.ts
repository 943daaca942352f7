/** Debian's Chromium driven by playwright-core, headless, with nothing reaching outside. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
// On a developer's machine without Chromium the page tests are skipped; in CI, where .ci/run
// installs it, a missing browser must fail loudly instead of passing by skipping.
export const hasChromium = existsSync(CHROMIUM) || process.env.CI === 'true';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}
