/**
 * The course in the built page, in Chromium: a student completes a lab in English (opened by
 * its address) and another in French (chosen from the lab list), watching the objectives tick;
 * progress survives a reload; a teacher's lab arrives by file and by link; a demo plays by
 * itself and hands over the terminal. Nothing ever leaves the page.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLabFile } from '../../src/course/course-url';
import { hasChromium, launchChromium } from '../support/browser';
import { appDir, distDir, ensureBuild } from '../support/page-build';
import { serveStatic, type StaticServer } from '../support/static-server';

const artifacts = join(appDir, 'test-artifacts');

let browser: Browser;
let server: StaticServer;

async function openPage(
  path: string,
): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`${server.origin}/${path}`);
  await page.waitForSelector('html[data-terminal-ready]', { state: 'attached' });
  return { page, errors, requests };
}

function screen(page: Page, terminal = 1): Promise<string> {
  return page.evaluate(
    (n) => (globalThis as unknown as { pop3lab: { screen(n: number): string } }).pop3lab.screen(n),
    terminal,
  );
}

/** The screen once two readings 150 ms apart agree. */
async function stableScreen(page: Page): Promise<string> {
  let last = await screen(page);
  for (;;) {
    await page.waitForTimeout(150);
    const now = await screen(page);
    if (now === last) return now;
    last = now;
  }
}

/** Types a line in the visible terminal and waits for `expected` on screen after it. */
async function typeLine(page: Page, line: string, expected: RegExp, terminal = 1): Promise<void> {
  const before = (await screen(page, terminal)).length;
  await page.focus('.terminal-pane:not(.hidden) .xterm-helper-textarea');
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect
    .poll(async () => (await screen(page, terminal)).slice(before), { timeout: 8000 })
    .toMatch(expected);
}

/** The objectives of the step on show: their status, in order. */
function objectives(page: Page): Promise<string[]> {
  return page.$$eval('.course .objectives li', (items) =>
    items.map((item) => (item as HTMLElement).dataset.status ?? ''),
  );
}

function stepTitle(page: Page): Promise<string | null> {
  return page.textContent('.course .step-title');
}

describe.skipIf(!hasChromium)('the course in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    await ensureBuild();
    server = await serveStatic(distDir);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('completes "First contact" in English, step by step, and resumes after a reload', async () => {
    const { page, errors, requests } = await openPage('?lab=first-contact&lang=en');
    await page.waitForSelector('.course[data-lab="first-contact"]');
    expect(await stepTitle(page)).toContain('Knock on port 110');
    expect(await objectives(page)).toEqual(['pending']);

    await typeLine(page, 'telnet localhost 110', /\+OK POP3 Lab ready/);
    await expect.poll(() => stepTitle(page)).toContain('Get the password wrong');
    await typeLine(page, 'user chris', /\+OK/);
    await typeLine(page, 'pass guessing', /-ERR \[AUTH\]/);
    await expect.poll(() => stepTitle(page)).toContain('Log in for real');
    expect(await objectives(page)).toEqual(['pending', 'pending']);
    await typeLine(page, 'user chris', /\+OK/);
    await typeLine(page, 'pass epikoi', /\+OK Logged in\./);
    await expect.poll(() => stepTitle(page)).toContain('Leave politely');

    // Hints open one at a time.
    await page.click('.course .hints button');
    expect(await page.textContent('.course .hints')).toContain('quit');
    await page.screenshot({ path: join(artifacts, 'course-step.png') });

    // A reload keeps the step reached.
    await page.reload();
    await page.waitForSelector('.course[data-lab="first-contact"]');
    await expect.poll(() => stepTitle(page)).toContain('Leave politely');
    expect(await page.textContent('.course .resumed')).toContain('connect again');
    await typeLine(page, 'telnet localhost 110', /\+OK/);
    await typeLine(page, 'user chris', /\+OK/);
    await typeLine(page, 'pass epikoi', /\+OK/);
    await typeLine(page, 'quit', /Connection closed by foreign host\./);

    await page.waitForSelector('.course .complete');
    expect(await page.textContent('.course .complete')).toContain('Lab complete!');
    expect(await page.textContent('.course .complete')).toContain('Next lab: STAT, LIST');
    await page.screenshot({ path: join(artifacts, 'course-complete.png') });

    // The report downloads with the steps and the transcript.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.course .report button:has-text("(.txt)")'),
    ]);
    const report = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(report).toString('utf8');
    expect(text).toMatch(/^First contact\n/);
    expect(text).toContain('[x] 4. Leave politely');
    expect(text).toContain('C: pass ****');

    // The lab list shows it done.
    await page.click('header .labs-button');
    await page.waitForSelector('dialog.picker');
    expect(await page.textContent('dialog.picker li[data-lab="first-contact"]')).toContain('done');
    await page.keyboard.press('Escape');

    expect(errors).toEqual([]);
    expect(requests.filter((url) => !url.startsWith(server.origin + '/'))).toEqual([]);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('completes "TOP, pour les en-têtes seulement" in French, chosen from the lab list', async () => {
    const { page, errors } = await openPage('');
    await page.click('button:text-is("FR")');
    await page.click('header .labs-button');
    await page.waitForSelector('dialog.picker');
    expect(await page.textContent('dialog.picker h2')).toBe('Labs');
    await page.click('dialog.picker li[data-lab="top-headers"] button:has-text("Ouvrir")');
    await page.waitForSelector('.course[data-lab="top-headers"]');
    expect(await page.textContent('.course h2')).toBe('TOP, pour les en-têtes seulement');
    expect(await stepTitle(page)).toContain('L’en-tête seul');

    await typeLine(page, 'telnet localhost 110', /\+OK/);
    await typeLine(page, 'user chris', /\+OK/);
    await typeLine(page, 'pass epikoi', /\+OK/);
    await typeLine(page, 'top 2 0', /\n\.$/m);
    await expect.poll(() => stepTitle(page)).toContain('Un coup d’œil au corps');
    await typeLine(page, 'top 2 4', /\n\.$/m);
    await expect.poll(() => stepTitle(page)).toContain('Il faut les deux nombres');
    await typeLine(page, 'top 1', /-ERR/);
    await expect.poll(() => objectives(page)).toEqual(['done', 'pending']);
    await typeLine(page, 'quit', /Connection closed/);
    // The last step: the lab switched TOP off on the server.
    await expect.poll(() => stepTitle(page)).toContain('Un serveur sans TOP');
    expect(await page.textContent('.course .server')).toContain('sans TOP');
    await typeLine(page, 'telnet localhost 110', /\+OK/);
    await typeLine(page, 'capa', /IMPLEMENTATION[^\n]*\n\.$/m);
    expect(await screen(page)).not.toMatch(/^TOP$/m);
    await typeLine(page, 'user chris', /\+OK/);
    await typeLine(page, 'pass epikoi', /\+OK/);
    await typeLine(page, 'top 1 0', /-ERR/);
    await typeLine(page, 'quit', /Connection closed/);

    await page.waitForSelector('.course .complete');
    expect(await page.textContent('.course .complete')).toContain('Lab terminé !');
    await page.screenshot({ path: join(artifacts, 'course-complete-fr.png') });

    // Leaving the lab gives the server back: TOP works again.
    await page.click('.course button:has-text("Quitter le lab")');
    await expect.poll(() => page.$('.course')).toBeNull();
    await typeLine(page, 'telnet localhost 110', /\+OK/);
    await typeLine(page, 'capa', /IMPLEMENTATION[^\n]*\n\.$/m);
    expect(await screen(page)).toMatch(/^TOP$/m);
    expect(errors).toEqual([]);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('runs a two-terminal lab with tabs', async () => {
    const { page } = await openPage('?lab=lock-in-use&lang=en');
    await page.waitForSelector('.terminal-tabs');
    await typeLine(page, 'telnet localhost 110', /\+OK/);
    await typeLine(page, 'user chris', /\+OK/);
    await typeLine(page, 'pass epikoi', /\+OK/);
    await expect.poll(() => stepTitle(page)).toContain('Knock a second time');
    await page.click('.terminal-tabs button:has-text("Terminal 2")');
    await page.waitForSelector('#terminal-2:not(.hidden)');
    await typeLine(page, 'telnet localhost 110', /\+OK/, 2);
    await typeLine(page, 'user chris', /\+OK/, 2);
    await typeLine(page, 'pass epikoi', /-ERR \[IN-USE\]/, 2);
    await expect.poll(() => stepTitle(page)).toContain('Let go of the lock');
    await page.screenshot({ path: join(artifacts, 'course-two-terminals.png') });
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('opens a teacher’s lab from a file or a link, and names the lines of a broken one', async () => {
    const lab = [
      '---',
      'id: my-noop',
      'title: Just NOOP',
      'language: en',
      'level: beginner',
      'mailboxes: samples',
      'persona: dovecot-like',
      '---',
      '',
      '## Say NOOP',
      '',
      'Log in and send `NOOP`.',
      '',
      '### Objectives',
      '',
      '- [ ] Send NOOP `send NOOP reply=ok`',
      '',
    ].join('\n');
    const { page } = await openPage('');
    await page.click('header .labs-button');
    await page.setInputFiles('dialog.picker input[type="file"]', {
      name: 'broken.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(lab.replace('send NOOP', 'sned NOOP')),
    });
    await page.waitForSelector('dialog.picker .error');
    expect(await page.textContent('dialog.picker .error pre')).toContain(
      'broken.md:16: unknown check "sned" (did you mean "send"?)',
    );
    await page.setInputFiles('dialog.picker input[type="file"]', {
      name: 'my-noop.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(lab),
    });
    await page.waitForSelector('.course[data-lab="my-noop"]');
    await typeLine(page, 'telnet localhost 110', /\+OK/);
    await typeLine(page, 'user chris', /\+OK/);
    await typeLine(page, 'pass epikoi', /\+OK/);
    await typeLine(page, 'noop', /\+OK/);
    await page.waitForSelector('.course .complete');
    await page.evaluate(() => localStorage.clear());
    await page.close();

    // The same lab, carried whole in an address.
    const linked = await openPage(`?labfile=${encodeLabFile(lab)}`);
    await linked.page.waitForSelector('.course[data-lab="my-noop"]');
    expect(await linked.page.textContent('.course h2')).toBe('Just NOOP');
    await linked.page.evaluate(() => localStorage.clear());
    await linked.page.close();
  });

  it('plays a demo in the embedded layout, then hands over the terminal', async () => {
    const { page, errors } = await openPage('?embed=1&demo=first-contact&speed=4');
    await page.waitForSelector('.demo-bar');
    expect(await page.isVisible('header.top')).toBe(false);
    await expect
      .poll(() => page.getAttribute('.demo-bar', 'data-state'), { timeout: 30_000 })
      .toBe('finished');
    const text = await screen(page);
    expect(text).toContain('pass guessing\n-ERR [AUTH] Authentication failed.');
    expect(text).toContain('quit\n+OK Logging out.');
    await page.screenshot({ path: join(artifacts, 'demo-embed.png') });
    // The reader's turn: the same server answers.
    await typeLine(page, 'telnet localhost 110', /\+OK/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('pauses a demo and lets the reader take over before the end', async () => {
    const { page } = await openPage('?embed=1&demo=stat-and-list&speed=1');
    await expect.poll(() => page.getAttribute('.demo-bar', 'data-state')).toBe('playing');
    await page.click('.demo-bar button:has-text("Pause")');
    expect(await page.getAttribute('.demo-bar', 'data-state')).toBe('paused');
    // A key sent just before the pause may still be on its way to the screen: take the screen
    // once two readings agree (a playing demo types a key every 55 ms), then watch it stay.
    const paused = await stableScreen(page);
    await page.waitForTimeout(600);
    expect(await screen(page)).toBe(paused);
    await page.click('.demo-bar button:has-text("Your turn")');
    expect(await page.getAttribute('.demo-bar', 'data-state')).toBe('stopped');
    await page.close();
  });
});
