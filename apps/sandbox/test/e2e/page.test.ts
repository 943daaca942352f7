/**
 * The built page in Chromium, as a student uses it: the seed tutorial's session typed into the
 * terminal, the inspector following it, French, the single HTML file opened from file://, and
 * never a request outside the page. Screenshots go to test-artifacts/ for a human to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../support/browser';
import { appDir, distDir, ensureBuild, singleFilePath } from '../support/page-build';
import { serveStatic, type StaticServer } from '../support/static-server';

const artifacts = join(appDir, 'test-artifacts');

let browser: Browser;
let server: StaticServer;

/** Everything the page asked for, to prove nothing left it. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

async function openPage(url: string, viewport = { width: 1280, height: 720 }) {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const requests = recordRequests(page);
  await page.goto(url);
  await page.waitForSelector('html[data-terminal-ready]', { state: 'attached' });
  return { page, errors, requests };
}

function screen(page: Page): Promise<string> {
  return page.evaluate(() =>
    (globalThis as unknown as { pop3lab: { screen(): string } }).pop3lab.screen(),
  );
}

/** Types a line at the terminal and waits until the screen shows `expected` after it. */
async function typeLine(page: Page, line: string, expected: RegExp): Promise<string> {
  const before = (await screen(page)).length;
  // As a user would click back into the terminal after using the page's controls.
  await page.focus('.xterm-helper-textarea');
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  let text = '';
  await expect
    .poll(
      async () => {
        text = (await screen(page)).slice(before);
        return text;
      },
      { timeout: 5000 },
    )
    .toMatch(expected);
  return text;
}

async function inspectorRows(page: Page) {
  return page.$$eval('.inspector tbody tr', (rows) =>
    rows.map((row) => ({
      msg: Number((row as HTMLElement).dataset.msg),
      deleted: row.classList.contains('deleted'),
    })),
  );
}

describe.skipIf(!hasChromium)('the built page in Chromium', () => {
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

  it('runs the seed tutorial session, with the inspector following along', async () => {
    const { page, errors, requests } = await openPage(`${server.origin}/`);
    await typeLine(page, 'telnet localhost 110', /Escape character is '\^]'\.\n\+OK [^\n]+/);
    await typeLine(page, 'user chris', /\+OK/);
    await typeLine(page, 'pass epikoi', /\+OK/);
    await expect.poll(() => page.textContent('[aria-current="step"]')).toContain('TRANSACTION');
    await typeLine(page, 'stat', /\+OK 3 \d+/);
    await typeLine(page, 'list', /\+OK[^\n]*\n1 \d+\n2 \d+\n3 \d+\n\.$/m);
    await typeLine(page, 'top 1 1', /\+OK[^\n]*\n[\s\S]*\n\.$/m);
    await expect
      .poll(() => inspectorRows(page))
      .toEqual([
        { msg: 1, deleted: false },
        { msg: 2, deleted: false },
        { msg: 3, deleted: false },
      ]);
    await typeLine(page, 'dele 3', /\+OK/);
    await expect.poll(async () => (await inspectorRows(page))[2]?.deleted).toBe(true);
    await typeLine(page, 'list', /\+OK[^\n]*\n1 \d+\n2 \d+\n\.$/m);
    await typeLine(page, 'rset', /\+OK/);
    await expect
      .poll(async () => (await inspectorRows(page)).some((row) => row.deleted))
      .toBe(false);
    await typeLine(page, 'list', /\n3 \d+\n\.$/m);
    await typeLine(page, 'retr 3', /\+OK[^\n]*\n[\s\S]*\n\.$/m);
    await page.screenshot({ path: join(artifacts, 'seed-session.png') });
    await typeLine(page, 'quit', /\+OK[^\n]*\nConnection closed by foreign host\.\n/);
    await expect.poll(() => page.textContent('[aria-current="step"]')).toContain('UPDATE');
    // POP3 showed 3 messages; the file also holds the folder-data pseudo-message.
    const raw = await typeLine(page, 'cat /var/spool/mail/chris', /\nstudent@pop3-lab:~\$ $/);
    expect(raw).toContain("DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA");
    expect(raw.match(/^From /gm)).toHaveLength(4);

    // The transcript explains each reply with its RFC section.
    const transcript = await page.textContent('.transcript');
    expect(transcript).toContain('C:user chris');
    expect(transcript).toMatch(/RFC 1939 §\d/);

    // The raw mbox still holds the pseudo-message POP3 hides.
    await page.click('#tab-raw');
    await expect.poll(() => page.textContent('.raw')).toContain('/var/spool/mail/chris');
    expect(await page.textContent('.raw pre')).toMatch(/^From /);
    await page.screenshot({ path: join(artifacts, 'raw-file.png') });

    expect(errors).toEqual([]);
    expect(requests.filter((url) => !url.startsWith(server.origin + '/'))).toEqual([]);
    // And the page's policy would refuse one anyway.
    expect(
      await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'),
    ).toContain("connect-src 'none'");
    await page.close();
  });

  it('shows the deletion in the raw file after QUIT', async () => {
    const { page } = await openPage(`${server.origin}/`);
    await typeLine(page, 'telnet localhost 110', /\+OK/);
    await typeLine(page, 'user chris', /\+OK/);
    await typeLine(page, 'pass epikoi', /\+OK/);
    await page.click('#tab-raw');
    await expect.poll(() => page.textContent('.raw pre')).toMatch(/From /);
    const before = await page.textContent('.raw pre');
    await typeLine(page, 'dele 1', /\+OK/);
    await typeLine(page, 'quit', /Connection closed by foreign host/);
    await expect.poll(() => page.textContent('.raw pre'), { timeout: 5000 }).not.toBe(before);
    expect(await page.textContent('.raw')).toContain('changed by QUIT: 1 removed');
    await typeLine(page, 'cat /var/spool/mail/chris | md5sum', /^[0-9a-f]{32} {2}-$/m);
    await typeLine(page, 'reset', /Samples restored/);
    await page.close();
  });

  it('speaks French once switched, and remembers it', async () => {
    const { page } = await openPage(`${server.origin}/`);
    await page.click('button:text-is("FR")');
    expect(await page.textContent('#tab-inspector')).toBe('Boîte aux lettres');
    await typeLine(page, 'help', /changer de dossier/);
    await typeLine(page, 'telnet localhost 110', /\+OK/);
    await typeLine(page, 'user chris', /\+OK/);
    await expect.poll(() => page.textContent('.transcript')).toMatch(/RFC 1939/);
    const why = await page.$$eval('.transcript .why', (nodes) =>
      nodes.map((n) => n.textContent ?? ''),
    );
    expect(why.join(' ')).toMatch(/[éèàç]/);
    await page.click('button[aria-label="Thème"]');
    await page.waitForTimeout(400); // let the colour transitions finish
    await page.screenshot({ path: join(artifacts, 'french-light.png') });
    await page.reload();
    await page.waitForSelector('html[data-terminal-ready]', { state: 'attached' });
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('shows a prompt at once and keeps what is typed before the terminal takes over', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    // Hold back the terminal's code until keys have been typed at the HTML's own prompt.
    let release: () => void = () => {};
    const typed = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/assets\/start-[^/]+\.js$/, async (route) => {
      await typed;
      await route.continue();
    });
    await page.goto(`${server.origin}/`, { waitUntil: 'commit' });
    await page.waitForSelector('html[data-prompt-ready]', { state: 'attached' });
    expect(await page.textContent('#boot')).toContain('student@pop3-lab:~$');
    await page.keyboard.type('echo typed early');
    await page.keyboard.press('Enter');
    expect(await page.textContent('#boot')).toContain('$ echo typed early');
    release();
    await page.waitForSelector('html[data-terminal-ready]', { state: 'attached' });
    await expect.poll(() => screen(page)).toMatch(/\$ echo typed early\ntyped early\n/);
    expect(await page.$('#boot')).toBeNull();
    await page.close();
  });

  it('applies a persona from the settings to new connections, and exports the transcript', async () => {
    const { page } = await openPage(`${server.origin}/`);
    await page.click('button:has-text("Settings")');
    await page.selectOption('dialog select[aria-describedby="persona-summary"]', 'strict-rfc1939');
    await expect
      .poll(() => page.textContent('#persona-summary'))
      .toContain('RFC 1939 and nothing more');
    await page.screenshot({ path: join(artifacts, 'settings.png') });
    await page.keyboard.press('Escape');
    await typeLine(page, 'telnet localhost 110', /\+OK/);
    await typeLine(page, 'capa', /-ERR/);
    await typeLine(page, 'quit', /Connection closed by foreign host/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:has-text("Download .md")'),
    ]);
    const markdown = readFileSync(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toMatch(/^pop3-lab-.*\.md$/);
    expect(markdown).toMatch(/^# POP3 Lab transcript\n/);
    expect(markdown).toContain('**C:** `capa`');
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('is usable on a tablet and with the keyboard alone', async () => {
    const { page } = await openPage(`${server.origin}/`, { width: 820, height: 1180 });
    // The terminal has the focus at once; Tab leaves it for the page's controls.
    await typeLine(page, 'pwd', /\/home\/student/);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.tagName);
    expect(focused).not.toBe('TEXTAREA');
    await page.screenshot({ path: join(artifacts, 'tablet.png'), fullPage: true });
    await page.close();
  });

  it('works as one HTML file opened from file://, with no other request', async () => {
    const url = pathToFileURL(singleFilePath).href;
    const { page, errors, requests } = await openPage(url);
    await typeLine(page, 'telnet localhost 110', /\+OK/);
    await typeLine(page, 'user chris', /\+OK/);
    await typeLine(page, 'pass epikoi', /\+OK/);
    await typeLine(page, 'stat', /\+OK 3 \d+/);
    await page.screenshot({ path: join(artifacts, 'single-file.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
});
