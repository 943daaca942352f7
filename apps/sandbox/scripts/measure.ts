/**
 * The page's two budgets, measured on the built page (rebuilt first if stale) and printed as
 * one JSON object on the last line of stdout:
 * - initialJsGzipBytes: the JavaScript index.html loads before anything is typed, gzipped
 *   (budget 200 KiB); the lab, the engine and the MIME parser load after the prompt;
 * - promptReadyMs: from navigation start to the prompt on screen, in headless Debian Chromium,
 *   median of several cold loads (budget 300 ms).
 * Run: npx tsx scripts/measure.ts (or `npm run bench` in this folder).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/support/browser';
import { distDir, ensureBuild, pagePath } from '../test/support/page-build';
import { serveStatic } from '../test/support/static-server';

const JS_BUDGET = 200 * 1024;
const PROMPT_BUDGET_MS = 300;
const RUNS = 7;

/** Scripts and module preloads referenced by index.html: what runs before the first prompt. */
function initialScripts(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g))
    found.add(match[1] as string);
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g))
    found.add(match[1] as string);
  return [...found];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

await ensureBuild();
const html = readFileSync(pagePath, 'utf8');
const scripts = initialScripts(html);
const initialJsGzipBytes = scripts.reduce(
  (sum, src) => sum + gzipSync(readFileSync(join(distDir, src)), { level: 9 }).length,
  0,
);

const server = await serveStatic(distDir);
const browser = await launchChromium();
const runs: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    // A fresh context each time: nothing cached, like a first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForSelector('html[data-prompt-ready]');
    const ms = await page.evaluate(
      () => performance.getEntriesByName('pop3-lab:prompt-ready')[0]?.startTime ?? Number.NaN,
    );
    runs.push(Math.round(ms));
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const promptReadyMs = median(runs);
console.log(
  JSON.stringify({
    initialJsGzipBytes,
    initialJsBudgetBytes: JS_BUDGET,
    initialScripts: scripts,
    promptReadyMs,
    promptReadyRunsMs: runs,
    promptReadyBudgetMs: PROMPT_BUDGET_MS,
    withinBudgets: initialJsGzipBytes <= JS_BUDGET && promptReadyMs <= PROMPT_BUDGET_MS,
  }),
);
